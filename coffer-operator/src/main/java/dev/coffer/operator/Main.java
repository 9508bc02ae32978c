package dev.coffer.operator;

import dev.coffer.operator.metrics.Metrics;
import dev.coffer.operator.sync.SyncSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code coffer operator}: runs the Kubernetes operator until stopped. */
public final class Main {

    static final String HELP = """
            Usage: coffer operator [--kubeconfig FILE] [--namespace NS]... [--metrics-port PORT]

            Runs Coffer's Kubernetes operator: it syncs InfisicalSecret resources
            (secrets.infisical.com/v1alpha1, unchanged from Infisical's operator) into Kubernetes
            Secrets and ConfigMaps, restores managed Secrets that are edited or deleted by hand, and
            rolls out workloads annotated secrets.infisical.com/auto-reload: "true" when their Secret
            changes. Install the CRD and RBAC first: kubectl apply -f deploy/kubernetes/

              --kubeconfig FILE    the cluster to use (default: in-cluster config, else $KUBECONFIG,
                                   else ~/.kube/config, as kubectl finds it)
              --namespace NS       sync resources of this namespace only (repeatable; default: all)
              --metrics-port PORT  serve Prometheus metrics on /metrics and /healthz (default 8080;
                                   0 turns them off)

            Example:
              coffer operator --kubeconfig ~/.kube/config --namespace floe-jobs --metrics-port 9090
            """;

    private Main() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException, IOException {
        String kubeconfig = null;
        Set<String> namespaces = new LinkedHashSet<>();
        int metricsPort = 8080;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help", "help" -> {
                    out.print(HELP);
                    return 0;
                }
                case "--kubeconfig", "--namespace", "-n", "--metrics-port" -> {
                    if (i + 1 >= args.length) {
                        err.println("coffer operator: " + a + " needs a value (see coffer operator --help)");
                        return 2;
                    }
                    String v = args[++i];
                    if (a.equals("--kubeconfig")) kubeconfig = v;
                    else if (a.equals("--metrics-port")) {
                        try {
                            metricsPort = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            metricsPort = -1;
                        }
                        if (metricsPort < 0 || metricsPort > 65535) {
                            err.println("coffer operator: --metrics-port takes a port number (0-65535), not " + v);
                            return 2;
                        }
                    } else namespaces.add(v);
                }
                default -> {
                    err.println("coffer operator: unknown option " + a + " (see coffer operator --help)");
                    return 2;
                }
            }
        }
        Config config;
        if (kubeconfig != null) {
            Path p = Path.of(kubeconfig);
            if (!Files.isReadable(p)) {
                err.println("coffer operator: cannot read the kubeconfig " + kubeconfig);
                return 2;
            }
            config = Config.fromKubeconfig(p.toFile());
        } else {
            config = Config.autoConfigure(null);
        }
        KubernetesClient k8s = new KubernetesClientBuilder().withConfig(config).build();
        Metrics metrics = new Metrics(Clock.systemUTC());
        if (metricsPort > 0) metrics.serve(metricsPort);
        CofferOperator operator = CofferOperator.start(k8s, namespaces, SyncSettings.DEFAULTS, metrics);
        err.println("coffer operator: syncing InfisicalSecrets in "
                + (namespaces.isEmpty() ? "all namespaces" : String.join(", ", namespaces)) + " of "
                + config.getMasterUrl() + (metricsPort > 0 ? "; metrics on :" + metricsPort + "/metrics" : ""));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            metrics.close();
            k8s.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
