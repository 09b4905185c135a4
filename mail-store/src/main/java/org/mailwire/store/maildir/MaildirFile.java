// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.util.EnumSet;
import java.util.Set;
import org.mailwire.store.Flag;

/**
 * The content handle of a message: its unique Maildir base name and its current file name in
 * {@code cur/}, which changes with the flags in its info part.
 */
final class MaildirFile {

    /** The separator of base name and info (Maildir "2," semantics). */
    static final String INFO = ":2,";

    final String base;
    volatile String fileName;

    MaildirFile(String base, String fileName) {
        this.base = base;
        this.fileName = fileName;
    }

    /**
     * Returns the file name for a base and flags: letters in ASCII order, as the Maildir
     * specification asks.
     */
    static String fileName(String base, Set<Flag> flags) {
        StringBuilder name = new StringBuilder(base).append(INFO);
        for (char letter = 'A'; letter <= 'Z'; letter++) {
            for (Flag flag : flags) {
                if (flag.maildirLetter() == letter) {
                    name.append(letter);
                }
            }
        }
        return name.toString();
    }

    /** Returns the base of a file name: everything before the info part. */
    static String baseOf(String fileName) {
        int colon = fileName.indexOf(':');
        return colon < 0 ? fileName : fileName.substring(0, colon);
    }

    /** Returns the system flags a file name's info part carries. */
    static Set<Flag> flagsOf(String fileName) {
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        int info = fileName.indexOf(INFO);
        if (info >= 0) {
            for (int i = info + INFO.length(); i < fileName.length(); i++) {
                Flag.byMaildirLetter(fileName.charAt(i)).ifPresent(flags::add);
            }
        }
        return flags;
    }
}
