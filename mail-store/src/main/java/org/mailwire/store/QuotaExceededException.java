// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * An append, delivery or copy would take a user over a quota limit, so nothing was stored.
 * SMTP maps it to {@code 552 5.2.2}, IMAP to {@code NO [OVERQUOTA]}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9208#section-4.3">RFC 9208 §4.3, OVERQUOTA</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3463#section-3.3">RFC 3463 §3.3, X.2.2 mailbox full</a>
 */
public final class QuotaExceededException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** The quota resource that would be exceeded (RFC 9208 §5). */
    public enum Resource {
        /** STORAGE: the sum of message sizes, in octets here (RFC 9208 counts KiB on the wire). */
        STORAGE,
        /** MESSAGE: the number of messages. */
        MESSAGE
    }

    private final Resource resource;
    private final long limit;

    /**
     * Creates the error.
     *
     * @param resource the resource over its limit
     * @param limit    the limit
     */
    public QuotaExceededException(Resource resource, long limit) {
        super("quota exceeded: " + resource + " limit " + limit);
        this.resource = resource;
        this.limit = limit;
    }

    /**
     * Returns the resource that would be exceeded.
     *
     * @return the resource
     */
    public Resource resource() {
        return resource;
    }

    /**
     * Returns the limit of that resource.
     *
     * @return octets or messages
     */
    public long limit() {
        return limit;
    }
}
