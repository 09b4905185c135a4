// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.mailwire.imap.types.Atom;

/**
 * The capabilities a server announced in its latest CAPABILITY response or response code
 * (RFC 9051 §7.2.2), compared without regard to case.
 *
 * @param names the capability names, upper-cased
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.1.1">RFC 9051 §6.1.1</a>
 */
public record ImapCapabilities(Set<String> names) {

    /** Nothing known yet. */
    public static final ImapCapabilities NONE = new ImapCapabilities(Set.of());

    /**
     * Copies the names, upper-cased.
     *
     * @param names the names
     */
    public ImapCapabilities {
        TreeSet<String> upper = new TreeSet<>();
        for (String n : names) {
            upper.add(n.toUpperCase(Locale.ROOT));
        }
        names = java.util.Collections.unmodifiableSet(upper);
    }

    /**
     * Returns the capabilities of a CAPABILITY response or code.
     *
     * @param atoms the atoms
     * @return the capabilities
     */
    public static ImapCapabilities of(Collection<Atom> atoms) {
        List<String> names = new ArrayList<>();
        for (Atom a : atoms) {
            names.add(a.value());
        }
        return new ImapCapabilities(Set.copyOf(names));
    }

    /**
     * Tells whether a capability was announced.
     *
     * @param name the name, any case
     * @return {@code true} if announced
     */
    public boolean has(String name) {
        return names.contains(name.toUpperCase(Locale.ROOT));
    }

    /**
     * Returns the SASL mechanisms of the {@code AUTH=} capabilities (RFC 9051 §6.2.2).
     *
     * @return the mechanism names
     */
    public List<String> authMechanisms() {
        List<String> mechanisms = new ArrayList<>();
        for (String n : names) {
            if (n.startsWith("AUTH=")) {
                mechanisms.add(n.substring(5));
            }
        }
        return mechanisms;
    }
}
