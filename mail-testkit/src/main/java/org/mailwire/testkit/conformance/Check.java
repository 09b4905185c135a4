// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import java.util.Objects;

/**
 * One conformance check: a short name, the RFC section it enforces, and the requirement in words.
 *
 * @param name        a stable identifier, for example {@code smtp.greeting}
 * @param rfcSection  the section enforced, for example {@code RFC 5321 §4.2}
 * @param requirement what the server must do
 */
public record Check(String name, String rfcSection, String requirement) {

    /** Checks that nothing is null or blank. */
    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rfcSection, "rfcSection");
        Objects.requireNonNull(requirement, "requirement");
        if (name.isBlank() || rfcSection.isBlank()) {
            throw new IllegalArgumentException("a check needs a name and an RFC section");
        }
    }
}
