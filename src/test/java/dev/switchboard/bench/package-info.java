/**
 * The benchmark of issue 6 and the building blocks the reliability commands reuse.
 * <ul>
 * <li>{@link dev.switchboard.bench.Benchmark}: the command ({@code mvn -Pbench verify}); settings
 * in {@link dev.switchboard.bench.BenchConfig}; {@code BenchmarkSmokeTest} runs it for a few
 * seconds in the test suite;</li>
 * <li>{@link dev.switchboard.bench.CrashTest}: the crash test ({@code mvn -Pcrash verify}; SIGKILLs under
 * the bot round trip, then nothing accepted lost, doubled or reordered); {@code Crash*} classes;</li>
 * <li>{@link dev.switchboard.bench.SwitchboardProcess}: Switchboard in a JVM of its own — start,
 * SIGKILL, graceful stop, restart on the same data; CPU, memory, threads, open files, queue depths;
 * {@link dev.switchboard.bench.PostgresServer}: a durable PostgreSQL for the {@code postgres} profile;</li>
 * <li>the peers on 127.0.0.1: {@link dev.switchboard.bench.StubBot} (Webim External Bot API 2.0)
 * and {@link dev.switchboard.bench.ChannelReceiver} (the custom channel's webhook: duplicates by
 * delivery id, order per conversation), both on {@link dev.switchboard.bench.LoopbackServer};</li>
 * <li>the load: {@link dev.switchboard.bench.Ledger} (every customer message and its times),
 * {@link dev.switchboard.bench.Conversation}, {@link dev.switchboard.bench.ConversationPool},
 * {@link dev.switchboard.bench.CustomerClient}, {@link dev.switchboard.bench.RoundTripDriver}
 * (closed and open loop), {@link dev.switchboard.bench.BotFrameworkIngestion};</li>
 * <li>the checks and figures: {@link dev.switchboard.bench.StoredCheck} (every accepted message
 * stored once, read back through the API), {@link dev.switchboard.bench.MachineLimits},
 * {@link dev.switchboard.bench.PhaseSummary}, {@link dev.switchboard.bench.Percentiles},
 * {@link dev.switchboard.bench.Timeline}, {@link dev.switchboard.bench.ResourceSampler},
 * {@link dev.switchboard.bench.Charts}, {@link dev.switchboard.bench.JfrSummary}.</li>
 * </ul>
 */
package dev.switchboard.bench;
