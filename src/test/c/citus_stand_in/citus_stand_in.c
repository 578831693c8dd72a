/*
 * citus_stand_in: a test extension NAMED citus, for extguard's tests only.
 *
 * It is not Citus. It imitates the few things Citus does that extguard has
 * to cope with when it updates extensions in every database of a Citus
 * cluster, each behaviour taken from Citus's source (github.com/citusdata/
 * citus, paths below) or documentation, so that the tests can run a "cluster"
 * of plain PostgreSQL 15 servers (CitusCluster in src/test/java/io/extguard/
 * testsupport) without Citus packages.
 *
 * IMITATED
 *
 * 1. Loading. Citus must be in shared_preload_libraries; loading it any other
 *    way fails in _PG_init with "Citus can only be loaded via
 *    shared_preload_libraries" (src/backend/distributed/shared_library_init.c).
 *    Same here. So every server that has the stand-in's files must be
 *    configured with  shared_preload_libraries = 'citus',  and a library swapped
 *    on disk only takes effect after a restart, as with Citus.
 *
 * 2. The version check. Citus's C functions start with CheckCitusVersion(ERROR)
 *    (src/backend/distributed/metadata/metadata_cache.c), which runs
 *    CheckAvailableVersion() (loaded library vs. default_version of the
 *    citus.control on disk, read via pg_available_extensions()) and then
 *    CheckInstalledVersion() (loaded library vs. pg_extension.extversion, read
 *    with a catalog scan that sees the current transaction's row). Both compare
 *    with MajorVersionsCompatible(): the part before '-' must be equal, so
 *    library 13.0 accepts 13.0-1 and refuses 12.1-1. Messages, details and hints
 *    are Citus's; Citus sets no errcode, so the SQLSTATE is XX000:
 *      loaded Citus library version differs from installed extension version
 *      DETAIL: Loaded library requires 13.0, but the installed extension
 *              version is 12.1-1.
 *      HINT: Run ALTER EXTENSION citus UPDATE and try again.
 *    As in Citus, the check is skipped while the citus extension is absent or
 *    its own script is running (CitusHasBeenLoaded()) and when
 *    citus.enable_version_checks is off. Unlike Citus, a successful check is
 *    not cached for the rest of the session.
 *
 * 3. CREATE/ALTER EXTENSION citus checks (ErrorIfUnstableCreateOrAlterExtension-
 *    Stmt() in src/backend/distributed/commands/extension.c, called from the
 *    utility hook): an explicit version whose major.minor differs from the
 *    loaded library fails with "specified version incompatible with loaded
 *    Citus library"; without a version, the control file's default_version must
 *    match the loaded library ("loaded Citus library version differs from
 *    latest available extension version", HINT "Restart the database to load
 *    the latest Citus library."), i.e. after an image swap ALTER EXTENSION
 *    citus UPDATE only works once the server has been restarted.
 *
 * 4. Worker refusal. Citus's utility hook (multi_ProcessUtility(),
 *    src/backend/distributed/commands/utility_hook.c) runs, when
 *    citus.enable_ddl_propagation is on and citus is installed in the current
 *    database, the "preprocess"/"postprocess" step of CREATE EXTENSION, ALTER
 *    EXTENSION ... UPDATE and ALTER EXTENSION ... SET SCHEMA for every
 *    extension except citus itself (ShouldPropagateExtensionCommand() and the
 *    Preprocess/Postprocess*ExtensionStmt functions in commands/extension.c),
 *    and those call EnsureCoordinator() (src/backend/distributed/metadata/
 *    node_metadata.c): on a node whose pg_dist_local_group.groupid is not 0 (a
 *    worker) they fail with
 *      ERROR (XX000): operation is not allowed on this node
 *      HINT: Connect to the coordinator and run it again.
 *    The stand-in refuses the same statements in the same conditions, before
 *    running them (Citus refuses CREATE EXTENSION after running it, in the
 *    same transaction; either way nothing is left behind). ALTER EXTENSION
 *    citus UPDATE is always allowed on workers: the documented upgrade runs it
 *    on every node. ALTER EXTENSION ... ADD/DROP only gets a NOTICE in Citus
 *    and passes here. SET citus.enable_ddl_propagation = off lifts the refusal,
 *    as in Citus, which itself sends propagated DDL to workers that way.
 *
 * 5. Metadata, per database as in Citus (each database has its own
 *    pg_dist_node and pg_dist_local_group), see citus--12.1-1.sql: tables
 *    pg_dist_node and pg_dist_local_group (0 on a coordinator, the node's group
 *    on a worker); citus_version(), citus_is_coordinator() (as in Citus:
 *    version check, then group 0 AND at least one active primary node in
 *    pg_dist_node, node_metadata.c) and citus_get_active_worker_nodes() (active
 *    primary nodes outside group 0), all in C with the version check; and the
 *    procedure citus_finish_citus_upgrade() (PL/pgSQL in Citus since 11.0, to be
 *    CALLed once on the coordinator after ALTER EXTENSION citus UPDATE ran on
 *    all nodes, "Upgrading Citus" in the Citus docs), which here only records
 *    the call in pg_catalog.citus_stand_in_finish_calls.
 *
 * NOT IMITATED
 *
 * - No propagation. Real Citus, on the coordinator, sends CREATE/ALTER
 *   EXTENSION (and DROP of distributed extensions) for other extensions to
 *   every worker in the same transaction (NodeDDLTaskList(NON_COORDINATOR_NODES)
 *   in commands/extension.c); the stand-in only runs them locally, so workers
 *   keep their old extension versions and an unreachable worker does not make
 *   the coordinator's statement fail. Tests imitate propagation explicitly
 *   (CitusCluster.propagateToWorkers).
 * - No distribution of anything, no metadata sync to workers (tests set
 *   pg_dist_local_group by hand), no maintenance daemon, no citus_columnar, no
 *   pg_dist_object (so DROP EXTENSION is never refused), no other GUCs, no
 *   "Citus has to be loaded first" check, no per-session caches.
 *
 * The library's version is a compile-time constant: build with
 *     make CITUS_LIB_VERSION=12.1   (or 13.0)
 * which the Makefile turns into -DCITUS_LIB_VERSION=12.1 (a bare token, so no
 * shell quoting is needed).
 */
#include "postgres.h"

#include <strings.h>

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_namespace.h"
#include "commands/defrem.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "tcop/utility.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/tuplestore.h"

PG_MODULE_MAGIC;

#ifndef CITUS_LIB_VERSION
#error "build with CITUS_LIB_VERSION=12.1 or CITUS_LIB_VERSION=13.0"
#endif

#define STAND_IN_STRINGIFY_TOKEN(token) #token
#define STAND_IN_STRINGIFY(token) STAND_IN_STRINGIFY_TOKEN(token)

/* Named as in Citus's generated citus_version.h */
#define CITUS_MAJORVERSION STAND_IN_STRINGIFY(CITUS_LIB_VERSION)	/* "13.0" */
#define CITUS_EXTENSIONVERSION CITUS_MAJORVERSION "-1"	/* "13.0-1" */
#define CITUS_EXTENSION_NAME "citus"

void		_PG_init(void);

PG_FUNCTION_INFO_V1(citus_version);
PG_FUNCTION_INFO_V1(citus_is_coordinator);
PG_FUNCTION_INFO_V1(citus_get_active_worker_nodes);
PG_FUNCTION_INFO_V1(citus_stand_in_v13_feature);

static bool EnableDDLPropagation = true;
static bool EnableVersionChecks = true;
static ProcessUtility_hook_type PreviousProcessUtility = NULL;

static void CitusStandInProcessUtility(PlannedStmt *pstmt, const char *queryString,
									   bool readOnlyTree, ProcessUtilityContext context,
									   ParamListInfo params, QueryEnvironment *queryEnv,
									   DestReceiver *dest, QueryCompletion *qc);


/* shared library initialization, as in Citus's shared_library_init.c */
void
_PG_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
	{
		ereport(ERROR, (errmsg("Citus can only be loaded via shared_preload_libraries"),
						errhint("Add citus to shared_preload_libraries configuration "
								"variable in postgresql.conf in master and workers. Note "
								"that citus should be at the beginning of "
								"shared_preload_libraries.")));
	}

	DefineCustomBoolVariable("citus.enable_ddl_propagation",
							 gettext_noop("Enables propagating DDL statements to worker shards "
										  "(stand-in: enables the refusal of extension DDL "
										  "on workers; nothing is propagated)"),
							 NULL,
							 &EnableDDLPropagation,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);

	DefineCustomBoolVariable("citus.enable_version_checks",
							 gettext_noop("Enables version checks during CREATE/ALTER EXTENSION "
										  "commands (stand-in: and in its functions)"),
							 NULL,
							 &EnableVersionChecks,
							 true,
							 PGC_USERSET,
							 GUC_NO_SHOW_ALL,
							 NULL, NULL, NULL);

	PreviousProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = CitusStandInProcessUtility;
}


/* ------------------------------------------------------------------ SPI helper */

/*
 * Runs a query and returns the first column of its first row as a string
 * allocated in the caller's memory context; NULL for no row or SQL NULL.
 * Non-read-only SPI takes a fresh snapshot after a CommandCounterIncrement, so
 * the query sees everything the current transaction did before.
 */
static char *
FirstValue(const char *query)
{
	MemoryContext callerContext = CurrentMemoryContext;
	char	   *result = NULL;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	if (SPI_execute(query, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not run: %s", query);

	if (SPI_processed > 0)
	{
		char	   *value = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		if (value != NULL)
			result = MemoryContextStrdup(callerContext, value);
	}

	SPI_finish();
	return result;
}


/* ------------------------------------------------------------------ version checks */

/* As Citus's MajorVersionsCompatible(): the parts before '-' must be equal. */
static bool
MajorVersionsCompatible(const char *leftVersion, const char *rightVersion)
{
	const char *leftSeparator = strchr(leftVersion, '-');
	const char *rightSeparator = strchr(rightVersion, '-');
	size_t		leftLength = leftSeparator ? (size_t) (leftSeparator - leftVersion) : strlen(leftVersion);
	size_t		rightLength = rightSeparator ? (size_t) (rightSeparator - rightVersion) : strlen(rightVersion);

	return leftLength == rightLength && strncmp(leftVersion, rightVersion, leftLength) == 0;
}

/*
 * As Citus's CitusHasBeenLoaded(): citus is installed in the current database
 * and its own CREATE/ALTER EXTENSION script is not running right now.
 */
static bool
CitusHasBeenLoaded(void)
{
	Oid			extensionOid = get_extension_oid(CITUS_EXTENSION_NAME, true);

	if (!OidIsValid(extensionOid))
		return false;

	if (creating_extension && CurrentExtensionObject == extensionOid)
		return false;

	return true;
}

/*
 * pg_extension.extversion of citus, or NULL. A catalog scan (as Citus's
 * InstalledExtensionVersion()) sees the row as of the current command, so
 * inside the transaction that runs ALTER EXTENSION citus UPDATE it already
 * sees the new version.
 */
static char *
InstalledExtensionVersion(void)
{
	Relation	extensionRelation;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	char	   *version = NULL;

	extensionRelation = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber,
				F_NAMEEQ, CStringGetDatum(CITUS_EXTENSION_NAME));
	scan = systable_beginscan(extensionRelation, ExtensionNameIndexId, true,
							  NULL, 1, &key);

	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		bool		isNull = false;
		Datum		datum = heap_getattr(tuple, Anum_pg_extension_extversion,
										 RelationGetDescr(extensionRelation), &isNull);

		if (!isNull)
			version = text_to_cstring(DatumGetTextPP(datum));
	}

	systable_endscan(scan);
	table_close(extensionRelation, AccessShareLock);
	return version;
}

/* default_version of the citus.control on disk, as Citus's AvailableExtensionVersion() */
static char *
AvailableExtensionVersion(void)
{
	char	   *version = FirstValue("SELECT default_version FROM pg_catalog.pg_available_extensions() "
									 "WHERE name = '" CITUS_EXTENSION_NAME "'");

	if (version == NULL)
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
						errmsg("citus extension is not found")));
	return version;
}

static void
CheckAvailableVersion(void)
{
	char	   *availableVersion;

	if (!EnableVersionChecks)
		return;

	availableVersion = AvailableExtensionVersion();
	if (!MajorVersionsCompatible(availableVersion, CITUS_EXTENSIONVERSION))
	{
		ereport(ERROR, (errmsg("loaded Citus library version differs from latest "
							   "available extension version"),
						errdetail("Loaded library requires %s, but the latest control "
								  "file specifies %s.", CITUS_MAJORVERSION,
								  availableVersion),
						errhint("Restart the database to load the latest Citus "
								"library.")));
	}
}

static void
CheckInstalledVersion(void)
{
	char	   *installedVersion = InstalledExtensionVersion();

	if (installedVersion == NULL)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						errmsg("citus extension is not loaded")));

	if (!MajorVersionsCompatible(installedVersion, CITUS_EXTENSIONVERSION))
	{
		ereport(ERROR, (errmsg("loaded Citus library version differs from installed "
							   "extension version"),
						errdetail("Loaded library requires %s, but the installed "
								  "extension version is %s.", CITUS_MAJORVERSION,
								  installedVersion),
						errhint("Run ALTER EXTENSION citus UPDATE and try again.")));
	}
}

/* As Citus's CheckCitusVersion(ERROR), without caching a success. */
static void
CheckCitusVersion(void)
{
	if (!EnableVersionChecks || !CitusHasBeenLoaded())
		return;

	CheckAvailableVersion();
	CheckInstalledVersion();
}


/* ------------------------------------------------------------------ node role */

/*
 * As Citus's GetLocalGroupId(): 0 when pg_dist_local_group does not exist
 * (yet), otherwise its single row. The table's OID is looked up first, so a
 * database without citus, or one in the middle of CREATE EXTENSION citus, never
 * runs a query against a missing table.
 */
static int32
GetLocalGroupId(void)
{
	char	   *groupId;

	if (!OidIsValid(get_relname_relid("pg_dist_local_group", PG_CATALOG_NAMESPACE)))
		return 0;

	groupId = FirstValue("SELECT groupid FROM pg_catalog.pg_dist_local_group");
	if (groupId == NULL)
		ereport(ERROR, (errmsg("could not find any entries in pg_dist_local_group"),
						errdetail("There should be exactly one entry in pg_dist_local_group.")));
	return pg_strtoint32(groupId);
}

/* As Citus's EnsureCoordinator() (node_metadata.c); no errcode, so XX000. */
static void
EnsureCoordinator(void)
{
	if (GetLocalGroupId() != 0)
	{
		ereport(ERROR, (errmsg("operation is not allowed on this node"),
						errhint("Connect to the coordinator and run it again.")));
	}
}


/* ------------------------------------------------------------------ utility hook */

/* As Citus's IsCreateAlterExtensionUpdateCitusStmt() (case-insensitive, as there) */
static bool
IsCreateAlterExtensionUpdateCitusStmt(Node *parseTree)
{
	const char *extensionName;

	if (IsA(parseTree, CreateExtensionStmt))
		extensionName = ((CreateExtensionStmt *) parseTree)->extname;
	else if (IsA(parseTree, AlterExtensionStmt))
		extensionName = ((AlterExtensionStmt *) parseTree)->extname;
	else
		return false;

	return strncasecmp(extensionName, CITUS_EXTENSION_NAME, NAMEDATALEN) == 0;
}

/*
 * The extension statements for which Citus runs EnsureCoordinator():
 * CREATE EXTENSION, ALTER EXTENSION ... UPDATE and ALTER EXTENSION ... SET
 * SCHEMA, each for an extension other than citus.
 */
static bool
IsCoordinatorOnlyExtensionStmt(Node *parseTree)
{
	if (IsA(parseTree, CreateExtensionStmt) || IsA(parseTree, AlterExtensionStmt))
		return !IsCreateAlterExtensionUpdateCitusStmt(parseTree);

	if (IsA(parseTree, AlterObjectSchemaStmt) &&
		((AlterObjectSchemaStmt *) parseTree)->objectType == OBJECT_EXTENSION)
	{
		const char *extensionName = strVal(((AlterObjectSchemaStmt *) parseTree)->object);

		return strncasecmp(extensionName, CITUS_EXTENSION_NAME, NAMEDATALEN) != 0;
	}

	return false;
}

/* As Citus's ErrorIfUnstableCreateOrAlterExtensionStmt() (commands/extension.c) */
static void
ErrorIfUnstableCreateOrAlterExtensionStmt(Node *parseTree)
{
	List	   *options = IsA(parseTree, CreateExtensionStmt)
		? ((CreateExtensionStmt *) parseTree)->options
		: ((AlterExtensionStmt *) parseTree)->options;
	char	   *newVersion = NULL;
	ListCell   *cell;

	foreach(cell, options)
	{
		DefElem    *option = lfirst_node(DefElem, cell);

		if (strcmp(option->defname, "new_version") == 0)
			newVersion = defGetString(option);
	}

	if (newVersion != NULL)
	{
		if (!MajorVersionsCompatible(newVersion, CITUS_EXTENSIONVERSION))
		{
			ereport(ERROR, (errmsg("specified version incompatible with loaded "
								   "Citus library"),
							errdetail("Loaded library requires %s, but %s was specified.",
									  CITUS_MAJORVERSION, newVersion),
							errhint("If a newer library is present, restart the database "
									"and try the command again.")));
		}
	}
	else
	{
		/* no version: PostgreSQL uses default_version from citus.control */
		CheckAvailableVersion();
	}
}

/*
 * Only extension statements are looked at. They never run in an aborted
 * transaction (PostgreSQL refuses them before calling the hook), so the
 * catalog lookups and SPI below always have a valid transaction.
 */
static void
CitusStandInProcessUtility(PlannedStmt *pstmt, const char *queryString,
						   bool readOnlyTree, ProcessUtilityContext context,
						   ParamListInfo params, QueryEnvironment *queryEnv,
						   DestReceiver *dest, QueryCompletion *qc)
{
	Node	   *parseTree = pstmt->utilityStmt;

	if (IsCreateAlterExtensionUpdateCitusStmt(parseTree))
	{
		if (EnableVersionChecks)
			ErrorIfUnstableCreateOrAlterExtensionStmt(parseTree);
	}
	else if (EnableDDLPropagation && IsCoordinatorOnlyExtensionStmt(parseTree) &&
			 CitusHasBeenLoaded())
	{
		/* extension management can only be done via coordinator node */
		EnsureCoordinator();
	}

	if (PreviousProcessUtility != NULL)
		PreviousProcessUtility(pstmt, queryString, readOnlyTree, context, params,
							   queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context, params,
								queryEnv, dest, qc);
}


/* ------------------------------------------------------------------ SQL functions */

/* Citus returns e.g. "Citus 13.0.3 on x86_64-pc-linux-gnu, compiled by ..." */
Datum
citus_version(PG_FUNCTION_ARGS)
{
	CheckCitusVersion();
	PG_RETURN_TEXT_P(cstring_to_text("Citus " CITUS_MAJORVERSION ".0 (extguard test stand-in, not Citus)"));
}

/*
 * As Citus's citus_is_coordinator() (node_metadata.c): group 0 and at least
 * one active readable (here: primary) node in pg_dist_node.
 */
Datum
citus_is_coordinator(PG_FUNCTION_ARGS)
{
	char	   *activeNodes;

	CheckCitusVersion();

	if (GetLocalGroupId() != 0)
		PG_RETURN_BOOL(false);

	activeNodes = FirstValue("SELECT count(*) FROM pg_catalog.pg_dist_node "
							 "WHERE isactive AND noderole = 'primary'");
	PG_RETURN_BOOL(activeNodes != NULL && strcmp(activeNodes, "0") != 0);
}

/*
 * As Citus's citus_get_active_worker_nodes(): the active readable (here:
 * primary) nodes outside the coordinator's group 0, by group, name and port.
 */
Datum
citus_get_active_worker_nodes(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *resultInfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint64		row;

	CheckCitusVersion();
	InitMaterializedSRF(fcinfo, 0);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute("SELECT nodename, nodeport::bigint FROM pg_catalog.pg_dist_node "
					"WHERE groupid <> 0 AND isactive AND noderole = 'primary' "
					"ORDER BY groupid, nodename, nodeport", false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read pg_dist_node");

	for (row = 0; row < SPI_processed; row++)
	{
		Datum		values[2];
		bool		nulls[2];

		values[0] = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 1, &nulls[0]);
		values[1] = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 2, &nulls[1]);
		/* copies the values into the tuplestore's own memory */
		tuplestore_putvalues(resultInfo->setResult, resultInfo->setDesc, values, nulls);
	}

	SPI_finish();
	return (Datum) 0;
}

/* Exposed by the 13.0-1 SQL scripts only: something that exists only after the update. */
Datum
citus_stand_in_v13_feature(PG_FUNCTION_ARGS)
{
	CheckCitusVersion();
	PG_RETURN_TEXT_P(cstring_to_text("v13 feature"));
}
