// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.List;

/**
 * The outcome of a flag change: the messages whose flags changed, with their new mod-sequences,
 * and those skipped because they changed after the client's {@code UNCHANGEDSINCE} value.
 *
 * <p>A message whose flags the operation would not change is in neither list and keeps its
 * mod-sequence.
 *
 * @param changed the messages changed, ascending by UID, as they are now
 * @param failed  UIDs not changed because their mod-sequence exceeded {@code UNCHANGEDSINCE};
 *                the {@code [MODIFIED]} response code's set
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7162#section-3.1.3">RFC 7162 §3.1.3, UNCHANGEDSINCE</a>
 */
public record FlagChangeResult(List<MessageInfo> changed, List<Long> failed) {

    /**
     * Copies the lists.
     *
     * @param changed see the record description
     * @param failed  see the record description
     */
    public FlagChangeResult {
        changed = List.copyOf(changed);
        failed = List.copyOf(failed);
    }
}
