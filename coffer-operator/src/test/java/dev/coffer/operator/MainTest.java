package dev.coffer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code coffer operator}'s command line: help with an example, and bad options refused with a pointer to it. */
class MainTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpExplainsTheOptionsAndGivesAnExample() throws Exception {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("Usage: coffer operator")
                .contains("--kubeconfig")
                .contains("--namespace")
                .contains("--metrics-port")
                .contains("kubectl apply -f deploy/kubernetes/")
                .contains("Example:")
                .contains("coffer operator --kubeconfig");
    }

    @Test
    void anUnknownOptionOrAMissingOrBadValueIsRefusedWithAPointerToHelp() throws Exception {
        Run unknown = run("--kube-config", "x");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option --kube-config").contains("--help");

        Run missing = run("--namespace");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--namespace needs a value");

        Run port = run("--metrics-port", "http");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).contains("port number");

        Run file = run("--kubeconfig", "/nonexistent/kubeconfig");
        assertThat(file.code()).isEqualTo(2);
        assertThat(file.err()).contains("cannot read the kubeconfig");
    }
}
