// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds bytes to a framer in given chunks and records what it reports as short strings, so that
 * tests compare readable transcripts: {@code LINE a LOGIN {5}[hello] {6+}[secret]},
 * {@code + 5} (continuation required, answered as the transcript says), {@code START 70000} (a
 * streamed literal), and failures such as {@code LiteralTooLarge a 5000+ } or
 * {@code ... CLOSE}.
 */
final class FramerTranscript {

    /** How the recorded server answers continuation requests. */
    enum Answer { ACCEPT, REJECT }

    private FramerTranscript() {
    }

    static List<String> run(ImapFramer framer, byte[] input, int[] cuts, Answer answer) {
        List<String> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = i < cuts.length ? cuts[i] : input.length;
            if (end < start) {
                continue;
            }
            ByteBuffer chunk = ByteBuffer.wrap(input, start, end - start).slice();
            feed(framer, chunk, events, answer);
            start = end;
        }
        return events;
    }

    static List<String> whole(ImapFramer framer, String input) {
        return run(framer, input.getBytes(StandardCharsets.ISO_8859_1), new int[0], Answer.ACCEPT);
    }

    static List<String> byteAtATime(ImapFramer framer, byte[] input) {
        int[] cuts = new int[input.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i;
        }
        return run(framer, input, cuts, Answer.ACCEPT);
    }

    private static void feed(ImapFramer framer, ByteBuffer chunk, List<String> events, Answer answer) {
        // Bounded: every call either consumes input or reports something that changes state.
        for (int guard = 0; guard < 1_000_000; guard++) {
            ImapFrame frame = framer.next(chunk);
            if (frame instanceof ImapFrame.NeedInput) {
                if (chunk.hasRemaining()) {
                    throw new AssertionError("NeedInput with input left");
                }
                return;
            }
            events.add(render(frame));
            if (frame instanceof ImapFrame.ContinuationRequired) {
                if (answer == Answer.ACCEPT) {
                    framer.acceptLiteral();
                } else {
                    framer.rejectLiteral();
                }
            } else if (frame instanceof ImapFrame.LiteralStart) {
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                framer.streamLiteral(new LiteralSink() {
                    @Override
                    public void accept(ByteBuffer c) {
                        while (c.hasRemaining()) {
                            sink.write(c.get());
                        }
                    }

                    @Override
                    public void complete() {
                        events.add("SINK " + escape(sink.toByteArray()));
                    }
                });
            }
        }
        throw new AssertionError("framer made no progress");
    }

    static String render(ImapFrame frame) {
        if (frame instanceof ImapFrame.Line line) {
            StringBuilder sb = new StringBuilder("LINE ");
            for (Fragment f : line.fragments()) {
                sb.append(renderFragment(f));
            }
            return sb.toString();
        }
        if (frame instanceof ImapFrame.ContinuationRequired c) {
            return "+ " + c.size() + (c.binary() ? " binary" : "");
        }
        if (frame instanceof ImapFrame.LiteralStart s) {
            return "START " + s.size();
        }
        if (frame instanceof ImapFrame.Failure f) {
            String tag = f.tag().map(Object::toString).orElse("-");
            String detail = "";
            if (f instanceof ImapFrame.LiteralTooLarge l) {
                detail = " " + l.size() + (l.synchronizing() ? "" : "+");
            } else if (f instanceof ImapFrame.Malformed m) {
                detail = " " + m.reason();
            }
            return f.getClass().getSimpleName() + " " + tag + detail + (f.closeConnection() ? " CLOSE" : "");
        }
        return frame.toString();
    }

    static String renderFragment(Fragment f) {
        if (f instanceof Fragment.Text t) {
            return new String(t.toByteArray(), StandardCharsets.ISO_8859_1);
        }
        if (f instanceof Fragment.Literal l) {
            return (l.binary() ? "~" : "") + "{" + l.length() + (l.synchronizing() ? "" : "+") + "}["
                    + escape(l.toByteArray()) + "]";
        }
        Fragment.StreamedLiteral s = (Fragment.StreamedLiteral) f;
        return (s.binary() ? "~" : "") + "{" + s.size() + (s.synchronizing() ? "" : "+") + "}<streamed>";
    }

    static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c >= 0x7F) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
