// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.Secret;

/**
 * OAUTHBEARER (RFC 7628 §3.1) and XOAUTH2 servers: parse the key-value message, validate the
 * bearer token through the authenticator, and on refusal fail with the JSON error challenge the
 * client must answer with a dummy response (RFC 7628 §3.2.2).
 */
final class OAuthServerExchange extends ServerExchange {

    // RFC 7628 §3.2.2 / RFC 6750 §3.1 error; Google's XOAUTH2 sends a status code instead.
    private static final String OAUTHBEARER_ERROR = "{\"status\":\"invalid_token\",\"schemes\":\"bearer\"}";
    private static final String XOAUTH2_ERROR = "{\"status\":\"401\",\"schemes\":\"bearer\"}";

    OAuthServerExchange(Authenticator authenticator, SaslServerSettings settings, SaslMechanism mechanism) {
        super(authenticator, settings, mechanism);
    }

    @Override
    CompletionStage<SaslServerStep> step(byte[] message) {
        String requested = "";
        int pairsStart = 0;
        if (mechanism() == SaslMechanism.OAUTHBEARER) {
            int kvsep = Wire.indexOf(message, Wire.CTRL_A, 0);
            String gs2 = kvsep < 0 ? null : Wire.utf8(message, 0, kvsep);
            if (gs2 == null) {
                return malformed();
            }
            List<String> parts = Wire.split(gs2, ',');
            if (parts.size() != 3 || !(parts.get(0).equals("n") || parts.get(0).equals("y")) || !parts.get(2).isEmpty()) {
                return malformed();
            }
            if (!parts.get(1).isEmpty()) {
                String authz = Wire.isAttribute(parts.get(1), 'a') ? Wire.decodeSaslName(parts.get(1).substring(2)) : null;
                if (authz == null || authz.isEmpty() || hasControl(authz)) {
                    return malformed();
                }
                requested = authz;
            }
            pairsStart = kvsep + 1;
        }
        Map<String, String> pairs = keyValues(message, pairsStart);
        if (pairs == null || !pairs.containsKey("auth")) {
            return malformed();
        }
        if (mechanism() == SaslMechanism.XOAUTH2) {
            requested = pairs.getOrDefault("user", "");
            if (requested.isEmpty()) {
                return malformed();
            }
        }
        String token = bearerToken(pairs.get("auth"));
        if (token == null) {
            return malformed();
        }
        String user = requested;
        Secret secret = Secret.of(token);
        return ask(() -> authenticator.verifyBearerToken(user.isEmpty() ? Optional.empty() : Optional.of(user), secret))
                .thenApply(result -> {
                    SaslServerStep step = result instanceof AuthenticationResult.Authenticated a
                            ? authorize(a.authenticationId(), a.authenticationId(), user, Optional.empty())
                            : SaslServerStep.failure(result instanceof AuthenticationResult.Rejected r
                                    ? fromApplication(r.reason()) : SaslFailureReason.TEMPORARY_FAILURE);
                    if (step instanceof SaslServerStep.Failure f && (f.reason() == SaslFailureReason.INVALID_CREDENTIALS
                            || f.reason() == SaslFailureReason.AUTHORIZATION_DENIED)) {
                        byte[] error = Wire.bytes(mechanism() == SaslMechanism.OAUTHBEARER ? OAUTHBEARER_ERROR : XOAUTH2_ERROR);
                        return new SaslServerStep.Failure(f.reason(), Optional.of(error));
                    }
                    return step;
                });
    }

    /**
     * Parses {@code *(key "=" value ^A) ^A} up to the end of the message (RFC 7628 §3.1 kvpair);
     * null on any deviation, a repeated key, or a value that is not UTF-8 text.
     */
    private static Map<String, String> keyValues(byte[] message, int from) {
        Map<String, String> pairs = new HashMap<>();
        int pos = from;
        while (pos < message.length) {
            if (message[pos] == Wire.CTRL_A) {
                // The closing ^A must be the last octet.
                return pos == message.length - 1 ? pairs : null;
            }
            int end = Wire.indexOf(message, Wire.CTRL_A, pos);
            if (end < 0) {
                return null;
            }
            int equals = Wire.indexOf(message, (byte) '=', pos);
            if (equals <= pos || equals > end) {
                return null;
            }
            for (int i = pos; i < equals; i++) {
                byte b = message[i];
                if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))) {
                    return null;
                }
            }
            for (int i = equals + 1; i < end; i++) {
                byte b = message[i];
                // VCHAR / SP / HTAB / CR / LF, and UTF-8 octets for XOAUTH2 user names.
                if ((b >= 0 && b < 0x20 && b != '\t' && b != '\r' && b != '\n') || b == 0x7F) {
                    return null;
                }
            }
            String key = Wire.utf8(message, pos, equals);
            String value = Wire.utf8(message, equals + 1, end);
            if (value == null || pairs.put(key, value) != null) {
                return null;
            }
            pos = end + 1;
        }
        return null;
    }

    /** RFC 6750 §2.1 credentials: "Bearer" (any case), one or more spaces, a b64token. */
    private static String bearerToken(String auth) {
        if (auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        int i = 7;
        while (i < auth.length() && auth.charAt(i) == ' ') {
            i++;
        }
        String token = auth.substring(i);
        int j = 0;
        while (j < token.length() && isB64TokenChar(token.charAt(j))) {
            j++;
        }
        if (j == 0) {
            return null;
        }
        while (j < token.length() && token.charAt(j) == '=') {
            j++;
        }
        return j == token.length() ? token : null;
    }

    private static boolean isB64TokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
