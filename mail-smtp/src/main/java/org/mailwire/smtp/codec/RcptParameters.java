// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ESMTP parameters of a {@code RCPT} command, typed: {@code NOTIFY} and {@code ORCPT}
 * (RFC 3461 §4.1, §4.2), and any other parameter kept as an {@link EsmtpParameter}.
 *
 * @param notifyOn when to send delivery status notifications ({@code NOTIFY=}), if given: either
 *     {@link Notify#NEVER} alone or any non-empty set of the other three
 * @param originalRecipient the original recipient ({@code ORCPT=}), if any
 * @param extensions the other parameters, in order
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3461#section-4">RFC 3461 §4</a>
 */
public record RcptParameters(
        Optional<Set<Notify>> notifyOn,
        Optional<OriginalRecipient> originalRecipient,
        List<EsmtpParameter> extensions) {

    /** No parameters at all. */
    public static final RcptParameters NONE = new RcptParameters(Optional.empty(), Optional.empty(), List.of());

    /** The keywords typed here, upper case, which an {@link EsmtpParameter} cannot take. */
    static final List<String> KEYWORDS = List.of("NOTIFY", "ORCPT");

    /**
     * A condition for a delivery status notification.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc3461#section-4.1">RFC 3461 §4.1</a>
     */
    public enum Notify {
        /** Never notify; excludes the others. */
        NEVER,
        /** Notify on successful delivery. */
        SUCCESS,
        /** Notify on failure. */
        FAILURE,
        /** Notify on delay. */
        DELAY
    }

    /**
     * Checks the parameters.
     *
     * @param notifyOn NEVER alone or a non-empty set of the others, if present
     * @param originalRecipient the original recipient, if any
     * @param extensions other parameters, no keyword twice and none typed here
     * @throws IllegalArgumentException if any value is invalid
     */
    public RcptParameters {
        Objects.requireNonNull(notifyOn, "notifyOn");
        Objects.requireNonNull(originalRecipient, "originalRecipient");
        if (notifyOn.isPresent()) {
            Set<Notify> set = notifyOn.get();
            if (set.isEmpty() || (set.contains(Notify.NEVER) && set.size() > 1)) {
                throw new IllegalArgumentException("NOTIFY is NEVER alone or any of SUCCESS, FAILURE, DELAY: " + set);
            }
            notifyOn = Optional.of(Set.copyOf(set));
        }
        extensions = List.copyOf(extensions);
        MailParameters.checkExtensions(extensions, KEYWORDS);
    }

    /**
     * Returns a copy with notification conditions.
     *
     * @param conditions NEVER alone, or any of the others
     * @return the changed parameters
     */
    public RcptParameters withNotify(Set<Notify> conditions) {
        return new RcptParameters(Optional.of(conditions), originalRecipient, extensions);
    }

    /**
     * Returns a copy with an original recipient.
     *
     * @param recipient the original recipient
     * @return the changed parameters
     */
    public RcptParameters withOriginalRecipient(OriginalRecipient recipient) {
        return new RcptParameters(notifyOn, Optional.of(recipient), extensions);
    }

    /**
     * Returns a copy with one more extension parameter.
     *
     * @param parameter the parameter
     * @return the changed parameters
     */
    public RcptParameters withExtension(EsmtpParameter parameter) {
        List<EsmtpParameter> more = new ArrayList<>(extensions);
        more.add(parameter);
        return new RcptParameters(notifyOn, originalRecipient, more);
    }

    /**
     * Returns the parameters as written after the path, each preceded by a space; empty when
     * there are none. NOTIFY conditions are written in a fixed order.
     *
     * @return for example {@code " NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a@example.org"}
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        notifyOn.ifPresent(set -> {
            out.append(" NOTIFY=");
            boolean first = true;
            for (Notify n : EnumSet.copyOf(set)) {
                out.append(first ? "" : ",").append(n);
                first = false;
            }
        });
        originalRecipient.ifPresent(o -> out.append(" ORCPT=").append(o));
        for (EsmtpParameter p : extensions) {
            out.append(' ').append(p);
        }
        return out.toString();
    }
}
