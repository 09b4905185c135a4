// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.mailwire.core.codec.Ascii;

/**
 * The {@code date-time} of RFC 9051 §9, {@code dd-Mon-yyyy hh:mm:ss +zzzz}, both ways, for
 * INTERNALDATE in responses.
 */
final class ImapDates {

    private static final String[] MONTHS =
        {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private ImapDates() {
    }

    /** Formats with a space-padded day, as servers send it ("17-Jul-1996" or " 7-Jul-1996"). */
    static String dateTime(OffsetDateTime d) {
        int offsetMinutes = d.getOffset().getTotalSeconds() / 60;
        if (d.getYear() < 0 || d.getYear() > 9999 || d.getNano() != 0 || d.getOffset().getTotalSeconds() % 60 != 0) {
            throw new IllegalArgumentException("date-time needs a four-digit year, whole seconds and a whole-minute offset");
        }
        return String.format(Locale.ROOT, "%2d-%s-%04d %02d:%02d:%02d %s%02d%02d", d.getDayOfMonth(),
                MONTHS[d.getMonthValue() - 1], d.getYear(), d.getHour(), d.getMinute(), d.getSecond(),
                offsetMinutes < 0 ? "-" : "+", Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
    }

    /** Parses the 26 octets of a date-time, the day with a leading space or zero. */
    static Optional<OffsetDateTime> parse(byte[] s) {
        if (s.length != 26 || s[2] != '-' || s[6] != '-' || s[11] != ' ' || s[14] != ':' || s[17] != ':'
                || s[20] != ' ' || (s[21] != '+' && s[21] != '-')) {
            return Optional.empty();
        }
        long day = s[0] == ' ' ? Ascii.parseUnsignedLong(s, 1, 2, 31) : Ascii.parseUnsignedLong(s, 0, 2, 31);
        String month = new String(s, 3, 3, StandardCharsets.US_ASCII);
        int monthNumber = 0;
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equalsIgnoreCase(month)) {
                monthNumber = i + 1;
            }
        }
        long year = Ascii.parseUnsignedLong(s, 7, 11, 9999);
        long hour = Ascii.parseUnsignedLong(s, 12, 14, 23);
        long minute = Ascii.parseUnsignedLong(s, 15, 17, 59);
        long second = Ascii.parseUnsignedLong(s, 18, 20, 60);
        long zoneHours = Ascii.parseUnsignedLong(s, 22, 24, 99);
        long zoneMinutes = Ascii.parseUnsignedLong(s, 24, 26, 59);
        if (day < 0 || monthNumber == 0 || year < 0 || hour < 0 || minute < 0 || second < 0 || zoneHours < 0
                || zoneMinutes < 0) {
            return Optional.empty();
        }
        try {
            int sign = s[21] == '-' ? -1 : 1;
            ZoneOffset zone = ZoneOffset.ofHoursMinutes(sign * (int) zoneHours, sign * (int) zoneMinutes);
            return Optional.of(OffsetDateTime.of((int) year, monthNumber, (int) day, (int) hour, (int) minute,
                    (int) second, 0, zone));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
