package dev.coffer.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment {@code coffer run} gives its child: the current environment without Coffer's own
 * credentials, plus the secrets. A secret whose name changes how programs start rather than what they
 * read (a preloaded library, a shell or interpreter start-up file or option) would let whoever can
 * write a secret run code in every process started with {@code coffer run}: such names are refused
 * unless allowed by name with {@code --allow-env}.
 */
final class ChildEnvironment {

    /** Variables that make a loader, shell or runtime execute something of the variable's choosing. */
    static final Set<String> STARTUP_VARIABLES = Set.of(
            "LD_PRELOAD",
            "LD_LIBRARY_PATH",
            "LD_AUDIT",
            "DYLD_INSERT_LIBRARIES",
            "DYLD_LIBRARY_PATH",
            "BASH_ENV",
            "ENV",
            "SHELLOPTS",
            "BASHOPTS",
            "PROMPT_COMMAND",
            "PS4",
            "IFS",
            "PERL5OPT",
            "PERL5LIB",
            "PERLLIB",
            "PYTHONSTARTUP",
            "PYTHONPATH",
            "PYTHONHOME",
            "RUBYOPT",
            "RUBYLIB",
            "NODE_OPTIONS",
            "NODE_PATH",
            "JAVA_TOOL_OPTIONS",
            "_JAVA_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "CLASSPATH",
            "GIT_SSH_COMMAND",
            "GIT_EXEC_PATH");

    /** The credentials Coffer itself was started with; the child gets none of them. */
    static final List<String> OWN_CREDENTIALS = List.of(
            "COFFER_CLIENT_SECRET", "COFFER_TOKEN", "INFISICAL_TOKEN", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");

    private ChildEnvironment() {}

    /**
     * Applies the secrets to {@code env} (a process builder's environment).
     *
     * @throws CliException naming the refused secrets and how to allow them; nothing is started then
     */
    static void apply(Map<String, String> env, Map<String, String> secrets, Set<String> allowed) {
        Set<String> refused = new TreeSet<>();
        for (String name : secrets.keySet()) {
            if (STARTUP_VARIABLES.contains(name) && !allowed.contains(name)) refused.add(name);
        }
        if (!refused.isEmpty()) {
            throw new CliException("Refusing to start the command: the secrets " + refused + " would change how "
                    + "programs start (they can load or run code). If that is intended, allow each by name: "
                    + "--allow-env " + String.join(" --allow-env ", refused) + ".");
        }
        OWN_CREDENTIALS.forEach(env::remove);
        env.putAll(secrets);
    }
}
