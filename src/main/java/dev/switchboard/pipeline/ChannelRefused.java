package dev.switchboard.pipeline;

/**
 * A channel's request that an inbound route refuses: its status (401, 403, 400, 413, 404, 503)
 * and an error code and description for the JSON answer. Nothing of a refused request is stored.
 */
public class ChannelRefused extends RuntimeException {

    private final int status;
    private final String code;

    public ChannelRefused(int status, String code, String description) {
        super(description);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
