package dev.switchboard.channel.botframework.model;

/** The answer of the Microsoft identity platform's token endpoint (client credentials). */
public record TokenResponse(String tokenType, long expiresIn, String accessToken) {
}
