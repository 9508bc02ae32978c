package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Values and credentials read from standard input or a file instead of the command line, where every
 * user of the machine could read them in the process list. The text is taken exactly, except that one
 * final line break ({@code \n} or {@code \r\n}) is dropped, as {@code echo} and editors add one.
 */
public final class Inputs {

    private Inputs() {}

    public static String fromStdin(String option) {
        try {
            InputStream in = System.in;
            return text(in.readAllBytes(), option, "standard input");
        } catch (IOException e) {
            throw new CliException(
                    option + ": cannot read standard input (" + e.getClass().getSimpleName() + ").", 2);
        }
    }

    public static String fromFile(String option, Path file) {
        try {
            return text(Files.readAllBytes(file), option, file.toString());
        } catch (NoSuchFileException e) {
            throw new CliException(option + ": no such file: " + file, 2);
        } catch (IOException e) {
            throw new CliException(
                    option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ").", 2);
        }
    }

    /** A credential: like a value, but surrounding white space is dropped and empty is refused. */
    public static String credential(String text, String option) {
        String t = text.strip();
        if (t.isEmpty()) throw new CliException(option + ": the input was empty.", 2);
        return t;
    }

    /** A password: the first line of the input, exactly (spaces kept); empty is refused. */
    public static String firstLine(String text, String option) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        if (line.isEmpty()) throw new CliException(option + ": the first line was empty.", 2);
        return line;
    }

    private static String text(byte[] bytes, String option, String where) {
        String s;
        try {
            s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CliException(option + ": " + where + " is not UTF-8 text.", 2);
        }
        if (s.endsWith("\r\n")) return s.substring(0, s.length() - 2);
        if (s.endsWith("\n")) return s.substring(0, s.length() - 1);
        return s;
    }
}
