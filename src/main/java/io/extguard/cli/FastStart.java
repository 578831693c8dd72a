package io.extguard.cli;

import io.quarkus.bootstrap.logging.InitialConfigurator;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.OutputStreamHandler;

/**
 * {@code check} and {@code preflight} without booting Quarkus. They use none of it: no bean, no
 * HTTP, no metrics, no scheduler; picocli, the configuration and the log are all they need. Booting
 * Quarkus with the sidecar's extensions was about three quarters of their start-up (its runtime
 * configuration, Vert.x, Micrometer, Narayana, ArC; see the README's Benchmark), which kept a check
 * of one database above twice the JDBC floor.
 *
 * <p>What Quarkus would have set up is set up here the same way: the log handler from
 * application.properties' {@code quarkus.log.*} lines (stderr, the same format, the same category
 * levels) behind Quarkus's own delayed handler, and the configuration sources extguard reads
 * (system properties, the environment, application.properties) under the {@code prod} profile.
 * Whenever a run asks for more than that, it boots Quarkus as before: any {@code QUARKUS_*}
 * variable or {@code quarkus.*} property (JSON logs, log levels, profiles), a {@code .env} or
 * {@code config/application.properties} in the working directory (Quarkus reads both), help and
 * version (the version is Quarkus's), and the native executable.
 */
final class FastStart {
    private static final Set<String> COMMANDS = Set.of("check", "preflight");
    private static final Set<String> QUARKUS_ONLY_OPTIONS = Set.of("-h", "--help", "-V", "--version");
    private static final String PROPERTIES = "application.properties";
    private static final String CATEGORY_PREFIX = "quarkus.log.category.\"";

    private FastStart() {
    }

    static boolean applies(List<String> args, Map<String, String> env, Properties system, Path workingDirectory) {
        if (!handles(args)) {
            return false;
        }
        if (system.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            return false;
        }
        if (env.keySet().stream().anyMatch(name -> name.startsWith("QUARKUS_"))
                || system.stringPropertyNames().stream().anyMatch(name -> name.startsWith("quarkus."))) {
            return false;
        }
        return !Files.exists(workingDirectory.resolve(".env"))
                && !Files.exists(workingDirectory.resolve("config").resolve(PROPERTIES));
    }

    /** check or preflight, not asking for help or the version (which are Quarkus's). */
    static boolean handles(List<String> args) {
        return !args.isEmpty() && COMMANDS.contains(args.get(0)) && args.stream().noneMatch(QUARKUS_ONLY_OPTIONS::contains);
    }

    /**
     * Quarkus's own launchers (the test launcher of {@code @QuarkusMainTest}, dev mode) load the
     * application with their QuarkusClassLoader and call main inside their JVM, where exiting is
     * not ours to do: they get the Quarkus path. The packaged jar's loader is Quarkus's
     * RunnerClassLoader, which is not one of them.
     */
    static boolean launchedByQuarkus(Class<?> mainClass) {
        ClassLoader loader = mainClass.getClassLoader();
        return loader != null && loader.getClass().getName().equals("io.quarkus.bootstrap.classloading.QuarkusClassLoader");
    }

    /** The run of a process that exits right after it: the log stays set up for whatever the exit logs. */
    static int run(String... args) {
        configureLogging(applicationProperties(), null);
        configureConfig();
        return Main.commandLine(args[0]).execute(args);
    }

    /**
     * A run inside a JVM that goes on afterwards (the tests' in-process launcher), with the log
     * written to {@code log}. The configuration and the log handler it installs are taken down
     * when it ends, so the next run in that JVM starts from what this one found.
     */
    static int runInProcess(OutputStream log, String... args) {
        Handler[] previousHandlers = configureLogging(applicationProperties(), log);
        Runnable restoreConfig = configureConfig();
        try {
            return Main.commandLine(args[0]).execute(args);
        } finally {
            restoreConfig.run();
            InitialConfigurator.DELAYED_HANDLER.setHandlers(previousHandlers);
        }
    }

    /**
     * Quarkus's log settings as application.properties writes them, without the %profile lines, to
     * stderr or, when it is not null, to {@code log}. Returns the handlers it replaced.
     */
    static Handler[] configureLogging(Properties properties, OutputStream log) {
        PatternFormatter format = new PatternFormatter(properties.getProperty("quarkus.log.console.format", "%d %-5p %s%e%n"));
        OutputStreamHandler console = log == null ? new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR, format)
                : new OutputStreamHandler(log, format);
        console.setAutoFlush(true);
        console.setLevel(Level.ALL);
        LogContext context = LogContext.getLogContext();
        context.getLogger("").setLevel(level(context, properties.getProperty("quarkus.log.level", "INFO")));
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(CATEGORY_PREFIX) && name.endsWith("\".level")) {
                String category = name.substring(CATEGORY_PREFIX.length(), name.length() - "\".level".length());
                context.getLogger(category).setLevel(level(context, properties.getProperty(name)));
            }
        }
        // Records logged so far wait in Quarkus's delayed handler; this releases them to the console.
        return InitialConfigurator.DELAYED_HANDLER.setHandlers(new Handler[] {console});
    }

    /** JBoss names (WARN, DEBUG) as Quarkus reads them, which java.util.logging.Level.parse may not know. */
    private static Level level(LogContext context, String name) {
        return context.getLevelForName(name.strip().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The sources extguard reads, at SmallRye's ordinals; application.properties at Quarkus's 250.
     * Returns what puts back the configuration that was there before.
     */
    private static Runnable configureConfig() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().forClassLoader(loader).addDefaultSources()
                .withProfile("prod");
        URL resource = loader.getResource(PROPERTIES);
        if (resource != null) {
            try {
                builder.withSources(new PropertiesConfigSource(resource, 250));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + resource, e);
            }
        }
        SmallRyeConfig config = builder.build();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        try {
            resolver.registerConfig(config, loader);
            return () -> resolver.releaseConfig(config);
        } catch (IllegalStateException alreadyRegistered) {
            // Only in a JVM that ran other code first (the tests' in-process launcher, beside
            // Quarkus's test configuration): the run reads its own, and the other one comes back.
            Config previous = resolver.getConfig(loader);
            resolver.releaseConfig(previous);
            resolver.registerConfig(config, loader);
            return () -> {
                resolver.releaseConfig(config);
                resolver.registerConfig(previous, loader);
            };
        }
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(PROPERTIES)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + PROPERTIES, e);
        }
        return properties;
    }
}
