package dev.switchboard.chat;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.switchboard.desk.channel.Channel;

/** How long a channel's live chats may stay silent: its own chat_idle_timeout, or the default. */
@Component
public class ChatTimeouts {

    private final Duration fallback;

    public ChatTimeouts(@Value("${switchboard.chats.idle-timeout:10m}") Duration fallback) {
        this.fallback = fallback;
    }

    public Duration of(Channel channel) {
        return channel.chatIdleTimeout() == null ? fallback : Duration.ofSeconds(channel.chatIdleTimeout());
    }
}
