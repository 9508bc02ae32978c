package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's --help reads cleanly, and unknown verbs are usage errors with a suggestion only when one is close. */
class HelpTest {

    static final int WIDTH = 80;

    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    @Test
    void everyCommandsHelpHasNoNullAndFitsTheUsageWidthWithoutBreakingWords() {
        for (CommandLine cl : everyCommand()) {
            StringWriter out = new StringWriter();
            cl.setOut(new PrintWriter(out));
            int exit = cl.execute("--help");
            String help = out.toString();
            String name = cl.getCommandSpec().qualifiedName();
            assertThat(exit).as(name).isZero();
            assertThat(help).as(name).startsWith("Usage: " + name).doesNotContain("null");
            for (String line : help.split("\n")) {
                assertThat(line.length()).as(name + ": " + line).isLessThanOrEqualTo(WIDTH);
            }
            // picocli wraps a longer line wherever it likes (examples and file names come out broken)
            for (String line : cl.getCommandSpec().usageMessage().description()) {
                assertThat(line.replace("%%", "%").length())
                        .as(name + " description line: " + line)
                        .isLessThanOrEqualTo(WIDTH);
            }
            for (OptionSpec o : cl.getCommandSpec().options()) {
                for (String word : words(o.description())) {
                    assertThat(help)
                            .as(name + " " + o.longestName() + ": a word broken across lines")
                            .contains(word);
                }
            }
        }
    }

    /** Prints every command's help, for the test below (run in a process of its own to see its stderr). */
    static final class RenderAll {
        public static void main(String[] args) {
            for (CommandLine cl : everyCommand()) cl.usage(System.out);
        }
    }

    @Test
    void renderingEveryCommandsHelpPrintsNoPicocliWarning() throws Exception {
        Process p = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RenderAll.class.getName())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).isEmpty();
    }

    private static Set<String> words(String[] description) {
        Set<String> out = new TreeSet<>();
        for (String d : description) for (String w : d.split("\\s+")) if (!w.isBlank()) out.add(w);
        return out;
    }

    @Test
    void onlyTheTopLevelCommandHasAVersionOption() {
        for (CommandLine cl : everyCommand()) {
            boolean version = cl.getCommandSpec().options().stream().anyMatch(OptionSpec::versionHelp);
            assertThat(version).as(cl.getCommandSpec().qualifiedName()).isEqualTo(cl.getParent() == null);
        }
    }

    @Test
    void secretsGetVersionIsTheSecretsVersionNotCoffersOwn() {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs("secrets", "get", "API_KEY", "--version", "1");
        CommandLine get = parsed.subcommand().subcommand().commandSpec().commandLine();
        assertThat(get.isVersionHelpRequested()).isFalse();
        assertThat(((SecretsCommand.Get) get.getCommand()).version).isEqualTo(1L);
    }

    @Test
    void anUnknownVerbIsAUsageErrorEvenWithHelp() {
        assertThat(Verbs.unknownCommand(Main.commandLine(), "operator", "--help"))
                .startsWith("unknown command 'operator'")
                .doesNotContain("Did you mean");
        assertThat(Verbs.unknownCommand(Main.commandLine(), "secrts", "list")).contains("Did you mean 'secrets'?");
        assertThat(Verbs.unknownCommand(Main.commandLine(), "secrets", "gt"))
                .contains("for 'coffer secrets'")
                .contains("Did you mean 'get'?");
        assertThat(Verbs.unknownCommand(Main.commandLine(), "imprt")).contains("Did you mean 'import'?");
        assertThat(Verbs.unknownCommand(Main.commandLine(), "secrets", "get", "X", "--version", "1"))
                .isNull();
        assertThat(Verbs.unknownCommand(Main.commandLine(), "scan", "src")).isNull();
        assertThat(Verbs.unknownCommand(Main.commandLine(), "--version")).isNull();
    }
}
