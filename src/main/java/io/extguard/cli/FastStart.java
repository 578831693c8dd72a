package io.extguard.cli;

import io.quarkus.bootstrap.logging.InitialConfigurator;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

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
        if (args.isEmpty() || !COMMANDS.contains(args.get(0)) || args.stream().anyMatch(QUARKUS_ONLY_OPTIONS::contains)) {
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

    static int run(String... args) {
        Properties properties = applicationProperties();
        configureLogging(properties);
        configureConfig();
        return Main.commandLine().execute(args);
    }

    /** Quarkus's log settings as application.properties writes them, without the %profile lines. */
    static void configureLogging(Properties properties) {
        ConsoleHandler console = new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR,
                new PatternFormatter(properties.getProperty("quarkus.log.console.format", "%d %-5p %s%e%n")));
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
        InitialConfigurator.DELAYED_HANDLER.setHandlers(new Handler[] {console});
    }

    /** JBoss names (WARN, DEBUG) as Quarkus reads them, which java.util.logging.Level.parse may not know. */
    private static Level level(LogContext context, String name) {
        return context.getLevelForName(name.strip().toUpperCase(java.util.Locale.ROOT));
    }

    /** The sources extguard reads, at SmallRye's ordinals; application.properties at Quarkus's 250. */
    private static void configureConfig() {
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
        ConfigProviderResolver.instance().registerConfig(config, loader);
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
