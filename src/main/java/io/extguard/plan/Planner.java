package io.extguard.plan;

import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides, for one database, what each selected extension needs. It reads nothing itself: the
 * installed versions come from the database and the rest from the {@link ExtensionLibrary}, so
 * the decisions can be tested without a server.
 */
public final class Planner {
    private final Selection selection;
    private final ExtensionLibrary library;
    private final Role role;
    private final java.util.function.BiFunction<String, DatabaseGrants, DatabaseGrants> grantsOf;
    private final UpdateNotes notes;

    public Planner(Selection selection, ExtensionLibrary library) {
        this(selection, library, Role.ASSUMED_SUPERUSER);
    }

    public Planner(Selection selection, ExtensionLibrary library, Role role) {
        this(selection, library, role, (database, grants) -> grants);
    }

    /**
     * @param grantsOf the privileges {@code role} has in a database, from those the connected role read
     *                 there: the same for the connected role, another role's for {@code check --preflight-role}
     */
    public Planner(Selection selection, ExtensionLibrary library, Role role,
                   java.util.function.BiFunction<String, DatabaseGrants, DatabaseGrants> grantsOf) {
        this(selection, library, role, grantsOf, UpdateNotes.NONE);
    }

    private Planner(Selection selection, ExtensionLibrary library, Role role,
                    java.util.function.BiFunction<String, DatabaseGrants, DatabaseGrants> grantsOf, UpdateNotes notes) {
        this.selection = selection;
        this.library = library;
        this.role = role;
        this.grantsOf = grantsOf;
        this.notes = notes;
    }

    /** The same planner, with the extensions' own remarks on planned updates (the recipes'). */
    public Planner withNotes(UpdateNotes notes) {
        return new Planner(selection, library, role, grantsOf, notes);
    }

    public Role role() {
        return role;
    }

    /** Plans with the role's privileges in this database: changes it may not make become {@link Action#BLOCKED}. */
    public List<PlanEntry> plan(String database, Map<String, String> installed, DatabaseGrants read) {
        DatabaseGrants grants = read.known() ? grantsOf.apply(database, read) : read;
        List<PlanEntry> entries = new ArrayList<>();
        for (PlanEntry entry : plan(database, installed)) {
            String blocker = Privileges.blocker(role, grants, library, entry);
            entries.add(blocker == null ? entry : new PlanEntry(entry.database(), entry.extension(), entry.installed(),
                    entry.target(), Action.BLOCKED, blocker));
        }
        return entries;
    }

    /**
     * @param installed extension name to installed version, as {@code pg_extension} says
     * @return the entries, changes first in the order they must run (requirements before the
     *         extensions that need them), then the rest by name
     */
    public List<PlanEntry> plan(String database, Map<String, String> installed) {
        TreeSet<String> names = new TreeSet<>(installed.keySet());
        names.addAll(selection.ensure());
        List<PlanEntry> entries = new ArrayList<>();
        for (String name : names) {
            if (selection.selects(name)) {
                entries.add(entry(database, name, installed.get(name)));
            }
        }
        return ordered(withRequirements(entries, installed));
    }

    /**
     * An update whose target version {@code requires} an extension that is neither installed nor
     * created by this plan would fail: PostgreSQL does not install requirements of
     * an {@code ALTER EXTENSION ... UPDATE} (extension.c, ApplyExtensionUpdates, cascade false).
     */
    private List<PlanEntry> withRequirements(List<PlanEntry> entries, Map<String, String> installed) {
        java.util.Set<String> available = new java.util.HashSet<>(installed.keySet());
        entries.stream().filter(e -> e.action() == Action.CREATE).forEach(e -> available.add(e.extension()));
        List<PlanEntry> checked = new ArrayList<>(entries.size());
        for (PlanEntry e : entries) {
            // CREATE EXTENSION ... CASCADE installs what is missing; an update or a recreate does not.
            boolean needsRequirements = e.action() == Action.UPDATE || e.action() == Action.RECREATE;
            List<String> missing = needsRequirements
                    ? library.requires(e.extension(), e.target()).stream().filter(r -> !available.contains(r)).toList()
                    : List.of();
            checked.add(missing.isEmpty() ? e : error(e.database(), e.extension(), e.installed(), e.target(),
                    newRequirement(e, missing)));
        }
        return checked;
    }

    private String newRequirement(PlanEntry e, List<String> missing) {
        String names = String.join(", ", missing);
        String which = missing.size() == 1 ? "extension " + names + ", which is" : "extensions " + names + ", which are";
        if (library.isCandidateImage()) {
            return "the candidate image's " + e.extension() + " " + e.target() + " requires " + which
                    + " not installed in this database: the update would fail after the rollout; create "
                    + names + " first";
        }
        return e.extension() + " " + e.target() + " requires " + which + " not installed in this database; "
                + "create " + names + " first, or name it in --ensure";
    }

    private PlanEntry entry(String database, String name, String installed) {
        Optional<String> defaultVersion = library.defaultVersion(name);
        if (defaultVersion.isEmpty()) {
            return noLibrary(database, name, installed);
        }
        String pin = selection.pins().get(name);
        String target = pin != null ? pin : defaultVersion.get();
        if (pin != null && !library.knownVersions(name).contains(pin)) {
            return error(database, name, installed, target, "pinned version " + pin + " does not exist; the library offers "
                    + String.join(", ", sorted(library.knownVersions(name))));
        }
        if (installed == null) {
            return new PlanEntry(database, name, null, target, Action.CREATE,
                    "ensured but not installed; will create it at " + target);
        }
        if (installed.equals(target)) {
            return new PlanEntry(database, name, installed, target, Action.NONE,
                    pin != null ? "at the pinned version" : "at the library's default version");
        }
        return change(database, name, installed, target, pin != null);
    }

    private PlanEntry change(String database, String name, String installed, String target, boolean pinned) {
        boolean candidate = library.isCandidateImage();
        if (library.hasUpdatePath(name, installed, target)) {
            String why = pinned ? "pinned to " + target
                    : candidate ? "the candidate image offers " + target + ", reachable from " + installed
                            + " by its update scripts"
                    : "the library's default version is " + target;
            String note = notes.note(name, installed, target);
            if (note != null) {
                why += "; " + note;
            }
            return new PlanEntry(database, name, installed, target, Action.UPDATE, why);
        }
        if (candidate && Versions.compare(installed, target) > 0) {
            return error(database, name, installed, target, "the candidate image offers " + name + " " + target
                    + (pinned ? " (pinned)" : "") + ", older than the installed " + installed
                    + ": extensions cannot be downgraded; this rollout needs a restore to roll back");
        }
        if (candidate) {
            return error(database, name, installed, target, "the candidate image has no update script from "
                    + installed + " to " + target + ": the update would fail after the rollout; "
                    + "build the image with a release of " + name + " that ships one");
        }
        if (Versions.compare(installed, target) > 0) {
            return error(database, name, installed, target, "installed version " + installed + " is newer than "
                    + target + (pinned ? ", the pinned version" : ", the newest the server's library offers")
                    + "; extensions cannot be downgraded. Restore this database from a backup, "
                    + "or run an image whose library provides " + installed);
        }
        String noScript = "the image has no update script from " + installed + " to " + target;
        if (selection.recreate().contains(name)) {
            return new PlanEntry(database, name, installed, target, Action.RECREATE, noScript
                    + "; --recreate: drop it and create it again at " + target + " in the same schema");
        }
        if (pinned) {
            return error(database, name, installed, target, "no update path from " + installed + " to " + target
                    + " in the server's extension scripts; install a library release that ships one");
        }
        return error(database, name, installed, target, noScript + "; this extension must be dropped and created "
                + "again: --recreate " + name + " does that where nothing outside the extension depends on it"
                + " (no update path from " + installed + " to " + target + " in the server's extension scripts)");
    }

    private PlanEntry noLibrary(String database, String name, String installed) {
        if (library.isCandidateImage()) {
            return error(database, name, installed, null, installed == null
                    ? "ensured, but the candidate image does not ship " + name
                    : "installed at " + installed + ", but the candidate image does not ship " + name
                            + ": every use of " + name + " would fail after the rollout; add its package to the image");
        }
        String why = installed == null
                ? "ensured, but no library on the server provides it; install its package in the server image"
                : "installed at " + installed + ", but the server has no control file for it any more; "
                        + "install its package in the server image";
        return error(database, name, installed, null, why);
    }

    private static PlanEntry error(String database, String name, String installed, String target, String why) {
        return new PlanEntry(database, name, installed, target, Action.ERROR, why);
    }

    private List<PlanEntry> ordered(List<PlanEntry> entries) {
        Map<String, PlanEntry> changes = new LinkedHashMap<>();
        List<PlanEntry> rest = new ArrayList<>();
        for (PlanEntry e : entries) {
            if (e.action().changesSomething()) {
                changes.put(e.extension(), e);
            } else {
                rest.add(e);
            }
        }
        List<PlanEntry> result = new ArrayList<>(changes.size() + rest.size());
        for (String name : changes.keySet()) {
            visit(name, changes, new TreeSet<>(), result);
        }
        result.addAll(rest);
        return result;
    }

    /** Depth-first: an extension's requirements are placed before it. Cycles cannot be installed, so none occur. */
    private void visit(String name, Map<String, PlanEntry> changes, TreeSet<String> visiting, List<PlanEntry> out) {
        PlanEntry entry = changes.get(name);
        if (entry == null || out.contains(entry) || !visiting.add(name)) {
            return;
        }
        for (String required : library.requires(name, entry.target())) {
            visit(required, changes, visiting, out);
        }
        out.add(entry);
    }

    private static List<String> sorted(java.util.Set<String> versions) {
        return versions.stream().sorted(Comparator.comparing(v -> v, Versions.ORDER)).toList();
    }
}
