package dev.switchboard.pipeline;

import java.util.Map;

import dev.switchboard.desk.channel.Channel;

/**
 * What the desk needs from a channel kind that pushes messages: the headers for downloading a
 * file from the channel's own hosts (its credentials; never sent anywhere else).
 */
public interface ChannelInbound {

    /** The channel kind handled, e.g. {@code botframework}. */
    String channelKind();

    /** Headers for fetching a file the channel marked {@link Inbound.File#channelAuth()}. */
    Map<String, String> fileHeaders(Channel channel, Inbound.File file);
}
