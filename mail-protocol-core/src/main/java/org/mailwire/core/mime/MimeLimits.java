// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

/**
 * The bounds a {@link MimeParser} keeps to, so hostile messages cost linear time and bounded memory.
 *
 * <p>Going past a limit is never an exception: the parser records a {@link MimeProblem} on the
 * result and carries on in a documented way (stops keeping header fields, treats a too-deep or
 * unusable multipart as an opaque leaf, stops listing addresses). Byte ranges stay exact, because
 * the parser still scans every byte.
 *
 * @param maxHeaderBlockBytes bytes of one header block that are kept and interpreted (default
 *                            1 MiB, SECURITY-CASES "Default limits", Dovecot CVE-2024-23185);
 *                            later fields are skipped, a field crossing the limit is cut
 * @param maxHeaderFields     header fields of one block that are kept (default 10,000, same
 *                            source); later fields are skipped
 * @param maxNestingDepth     entities (multiparts and encapsulated messages) open at once
 *                            (default 100, same source, CVE-2026-27852); a deeper entity is a leaf
 * @param maxBoundaryLength   characters of a multipart boundary (default 70, RFC 2046 §5.1.1);
 *                            a multipart with a longer boundary is a leaf
 * @param maxLineLength       bytes of one line the parser looks at (default 1 MiB); the rest of a
 *                            longer line is scanned for its end but not kept
 * @param maxAddresses        addresses parsed from one address header (default 10,000, Dovecot
 *                            CVE-2024-23184 spent seconds on 100,000); later ones are dropped
 * @param maxParts            body parts recorded in one message (default 10,000); later parts
 *                            are scanned but not recorded
 * @param maxKeptBytes        characters of header values kept for the whole result, over all
 *                            parts (default 8 MiB, eight full header blocks): the root header is
 *                            bounded by {@code maxHeaderBlockBytes}, but each of up to
 *                            {@code maxParts} parts keeps a few values, and this bounds their
 *                            sum; values past it are not kept and their parts get defaults
 */
public record MimeLimits(int maxHeaderBlockBytes, int maxHeaderFields, int maxNestingDepth,
        int maxBoundaryLength, int maxLineLength, int maxAddresses, int maxParts, int maxKeptBytes) {

    /** Validates that every limit is at least 1 (and a line can hold a boundary delimiter). */
    public MimeLimits {
        if (maxHeaderBlockBytes < 1 || maxHeaderFields < 1 || maxNestingDepth < 1 || maxBoundaryLength < 1
                || maxAddresses < 1 || maxParts < 1 || maxKeptBytes < 1 || maxLineLength < maxBoundaryLength + 4) {
            throw new IllegalArgumentException("MIME limits must be positive and a line must hold a boundary");
        }
    }

    /**
     * Returns the sourced default limits.
     *
     * @return 1 MiB header block, 10,000 fields, depth 100, boundary 70, line 1 MiB,
     *         10,000 addresses, 10,000 parts, 8 MiB kept
     */
    public static MimeLimits defaults() {
        return new MimeLimits(1 << 20, 10_000, 100, 70, 1 << 20, 10_000, 10_000, 8 << 20);
    }

    /**
     * Returns a copy with another header block size limit.
     *
     * @param bytes the new limit
     * @return the changed copy
     */
    public MimeLimits withMaxHeaderBlockBytes(int bytes) {
        return new MimeLimits(bytes, maxHeaderFields, maxNestingDepth, maxBoundaryLength, maxLineLength,
                maxAddresses, maxParts, maxKeptBytes);
    }

    /**
     * Returns a copy with another header field count limit.
     *
     * @param fields the new limit
     * @return the changed copy
     */
    public MimeLimits withMaxHeaderFields(int fields) {
        return new MimeLimits(maxHeaderBlockBytes, fields, maxNestingDepth, maxBoundaryLength, maxLineLength,
                maxAddresses, maxParts, maxKeptBytes);
    }

    /**
     * Returns a copy with another nesting depth limit.
     *
     * @param depth the new limit
     * @return the changed copy
     */
    public MimeLimits withMaxNestingDepth(int depth) {
        return new MimeLimits(maxHeaderBlockBytes, maxHeaderFields, depth, maxBoundaryLength, maxLineLength,
                maxAddresses, maxParts, maxKeptBytes);
    }

    /**
     * Returns a copy with another address count limit.
     *
     * @param addresses the new limit
     * @return the changed copy
     */
    public MimeLimits withMaxAddresses(int addresses) {
        return new MimeLimits(maxHeaderBlockBytes, maxHeaderFields, maxNestingDepth, maxBoundaryLength,
                maxLineLength, addresses, maxParts, maxKeptBytes);
    }

    /**
     * Returns a copy with another part count limit.
     *
     * @param parts the new limit
     * @return the changed copy
     */
    public MimeLimits withMaxParts(int parts) {
        return new MimeLimits(maxHeaderBlockBytes, maxHeaderFields, maxNestingDepth, maxBoundaryLength,
                maxLineLength, maxAddresses, parts, maxKeptBytes);
    }

    /**
     * Returns a copy with another limit on header value characters kept.
     *
     * @param chars the new limit
     * @return the changed copy
     */
    public MimeLimits withMaxKeptBytes(int chars) {
        return new MimeLimits(maxHeaderBlockBytes, maxHeaderFields, maxNestingDepth, maxBoundaryLength,
                maxLineLength, maxAddresses, maxParts, chars);
    }
}
