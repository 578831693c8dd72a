package io.extguard.plan;

import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.util.Names;

/**
 * Whether the connected role may make a planned change, as PostgreSQL will decide it
 * (src/backend/commands/extension.c): {@code ALTER EXTENSION ... UPDATE} first checks that the role
 * owns the extension ({@code ExecAlterExtensionStmt}: "must be owner of extension"); then each
 * update script of a version whose control file says {@code superuser = true} needs a superuser,
 * unless the file also says {@code trusted = true} and the role has CREATE on the database
 * ({@code execute_extension_script}, {@code extension_is_trusted}). A superuser may do everything.
 * Only the target version's flags are consulted: the intermediate steps of a path are not known here.
 */
final class Privileges {
    private Privileges() {
    }

    /** Why the role cannot make this change, or null when it can (or nobody knows). */
    static String blocker(Role role, DatabaseGrants grants, ExtensionLibrary library, PlanEntry entry) {
        if (!role.foreseeable() || !grants.known() || !entry.isDrift()) {
            return null;
        }
        String ext = Names.display(entry.extension());
        if (entry.action() == Action.UPDATE && !grants.ownedByRole().contains(entry.extension())) {
            String owner = grants.owners().get(entry.extension());
            return "must be the owner of extension " + ext + " (owned by " + (owner == null ? "another role"
                    : Names.display(owner)) + ")";
        }
        ControlFlags flags = library.controlFlags(entry.extension(), entry.target());
        if (!flags.superuser()) {
            return null;
        }
        if (!flags.trusted()) {
            return "needs a superuser: " + ext + " is not trusted";
        }
        if (!grants.mayCreate()) {
            return "needs CREATE privilege on database " + Names.display(entry.database()) + ": " + ext
                    + " is trusted, which lets only roles with CREATE on the database " + verb(entry) + " it";
        }
        return null;
    }

    private static String verb(PlanEntry entry) {
        return entry.action() == Action.CREATE ? "create" : "update";
    }
}
