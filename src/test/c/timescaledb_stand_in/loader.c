/*
 * timescaledb stand-in, the loader (built as timescaledb.so): for extguard's
 * tests only. It is not TimescaleDB.
 *
 * It imitates, closely and in TimescaleDB's own terms, the loader that
 * TimescaleDB 2.x ships as timescaledb.so: src/loader/loader.c and
 * src/extension_utils.c in github.com/timescale/timescaledb. That loader is
 * the reason extguard has a TimescaleDB recipe (src/main/java/io/extguard/
 * recipe/TimescaleDbRecipe.java).
 *
 * IMITATED (loader.c unless said otherwise)
 *
 * 1. It must be preloaded. _PG_init outside shared_preload_libraries ends the
 *    session with FATAL "extension "timescaledb" must be preloaded"
 *    (extension_load_without_preload(), extension_utils.c).
 *
 * 2. The GUC timescaledb.disable_load (PGC_USERSET, default off), "a
 *    safety-valve variable to prevent loading the full extension".
 *
 * 3. post_parse_analyze_hook, "the earliest available hook": after EVERY
 *    statement is parsed (SELECT, SET, SHOW, BEGIN, a read of pg_extension,
 *    anything), unless disable_load is on, extension_check() runs; if the
 *    extension is installed in the current database (the proxy table
 *    _timescaledb_cache.cache_inval_extension exists) or is being created or
 *    updated (creating_extension for this extension), do_load() loads the
 *    versioned library named after pg_extension.extversion:
 *    "$libdir/timescaledb-<extversion>", and calls its ts_post_load_init.
 *    Exceptions (load_utility_cmd()):
 *      - SET / SET ... TO DEFAULT / RESET timescaledb.disable_load;
 *      - ALTER EXTENSION timescaledb ...: never loads the old library, and if a
 *        library is already loaded it is refused:
 *          ERROR 0A000: extension "timescaledb" cannot be updated after the
 *          old version has already been loaded
 *          HINT: Start a new session and execute ALTER EXTENSION as the first
 *          command. Make sure to pass the "-X" flag to psql.
 *      - CREATE EXTENSION of another extension never loads; CREATE EXTENSION
 *        timescaledb after a load fails with 42710 "has already been loaded
 *        with another version" (or is a no-op with IF NOT EXISTS);
 *      - DROP EXTENSION timescaledb.
 *
 * 4. "Set to true whether or not the load succeeds": the loaded version
 *    (soversion) is recorded before load_external_function() runs, so when
 *    the versioned library is missing only the first statement fails, with
 *    PostgreSQL's own 58P01 could not access file
 *    "$libdir/timescaledb-2.17.2": No such file or directory; later statements
 *    of the session work (without the library).
 *
 * 5. A session that loaded one version and then sees another in pg_extension
 *    (another session updated the extension) ends at its next statement:
 *      FATAL 42710: "timescaledb" already loaded with a different version
 *      DETAIL: The new version is "2.19.3", this session is using version
 *      "2.17.2". The session will be restarted.
 *
 * NOT IMITATED: background workers and their launcher, shared memory, the
 * timescaledb_osm sibling, the utility hook for distributed databases,
 * telemetry, the relcache invalidation callback (the state is recomputed on
 * every statement instead, as the modern loader's extension_check() does),
 * parallel workers. The versioned library (versioned.c) has only what the
 * tests need.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "commands/extension.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/analyze.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

PG_MODULE_MAGIC;

#define EXTENSION_NAME "timescaledb"
#define GUC_DISABLE_LOAD_NAME "timescaledb.disable_load"
#define TS_LIBDIR "$libdir/"
#define CACHE_SCHEMA_NAME "_timescaledb_cache"
#define EXTENSION_PROXY_TABLE "cache_inval_extension"
#define POST_LOAD_INIT_FN "ts_post_load_init"
#define MAX_VERSION_LEN (NAMEDATALEN + 1)
#define MAX_SO_NAME_LEN (8 + NAMEDATALEN + 1 + MAX_VERSION_LEN)

void		_PG_init(void);

/* extension_utils.c */
enum ExtensionState
{
	EXTENSION_STATE_NOT_INSTALLED,
	EXTENSION_STATE_UNKNOWN,
	EXTENSION_STATE_TRANSITIONING,
	EXTENSION_STATE_CREATED,
};

static bool guc_disable_load = false;

/* Shared object library version loaded; empty if none (TsExtension.soversion). */
static char soversion[MAX_VERSION_LEN] = "";

static post_parse_analyze_hook_type prev_post_parse_analyze_hook = NULL;

static bool
extension_is_loaded(void)
{
	return soversion[0] != '\0';
}

/* extension_utils.c: pg_extension.extversion, read with a catalog scan */
static char *
extension_version(void)
{
	Relation	rel;
	SysScanDesc scandesc;
	HeapTuple	tuple;
	ScanKeyData entry[1];
	char	   *sql_version = NULL;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&entry[0], Anum_pg_extension_extname, BTEqualStrategyNumber, F_NAMEEQ,
				CStringGetDatum(EXTENSION_NAME));
	scandesc = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, entry);
	tuple = systable_getnext(scandesc);
	if (HeapTupleIsValid(tuple))
	{
		bool		is_null = true;
		Datum		result = heap_getattr(tuple, Anum_pg_extension_extversion,
										  RelationGetDescr(rel), &is_null);

		if (!is_null)
			sql_version = pstrdup(TextDatumGetCString(result));
	}
	systable_endscan(scandesc);
	table_close(rel, AccessShareLock);

	if (sql_version == NULL)
		elog(ERROR, "extension not found while getting version");
	return sql_version;
}

static bool
extension_exists(void)
{
	return OidIsValid(get_extension_oid(EXTENSION_NAME, true));
}

/* "as a misnomer creating_extension is true during upgrades" */
static bool
extension_is_transitioning(void)
{
	if (creating_extension)
		return get_extension_oid(EXTENSION_NAME, true) == CurrentExtensionObject;
	return false;
}

static Oid
get_proxy_table_relid(void)
{
	Oid			nsid = get_namespace_oid(CACHE_SCHEMA_NAME, true);

	if (!OidIsValid(nsid))
		return InvalidOid;
	return get_relname_relid(EXTENSION_PROXY_TABLE, nsid);
}

static enum ExtensionState
extension_current_state(void)
{
	if (!IsNormalProcessingMode() || !IsTransactionState() || !OidIsValid(MyDatabaseId))
		return EXTENSION_STATE_UNKNOWN;
	if (extension_is_transitioning())
		return EXTENSION_STATE_TRANSITIONING;
	if (OidIsValid(get_proxy_table_relid()))
		return EXTENSION_STATE_CREATED;
	return EXTENSION_STATE_NOT_INSTALLED;
}

static bool
drop_statement_drops_extension(DropStmt *stmt)
{
	if (!extension_exists())
		return false;
	if (stmt->removeType == OBJECT_EXTENSION && list_length(stmt->objects) == 1)
		return strcmp(strVal(linitial(stmt->objects)), EXTENSION_NAME) == 0;
	return false;
}

static bool
should_load_on_variable_set(Node *utility_stmt)
{
	VariableSetStmt *stmt = (VariableSetStmt *) utility_stmt;

	switch (stmt->kind)
	{
		case VAR_SET_VALUE:
		case VAR_SET_DEFAULT:
		case VAR_RESET:
			/* Do not load when setting the guc to disable load */
			return stmt->name == NULL || strcmp(stmt->name, GUC_DISABLE_LOAD_NAME) != 0;
		default:
			return true;
	}
}

static bool
should_load_on_alter_extension(Node *utility_stmt)
{
	AlterExtensionStmt *stmt = (AlterExtensionStmt *) utility_stmt;

	if (strcmp(stmt->extname, EXTENSION_NAME) != 0)
		return true;

	/* disallow loading two .so from different versions */
	if (extension_is_loaded())
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("extension \"%s\" cannot be updated after the old version has already been loaded",
						stmt->extname),
				 errhint("Start a new session and execute ALTER EXTENSION as the first command. "
						 "Make sure to pass the \"-X\" flag to psql.")));
	/* do not load the current (old) version's .so */
	return false;
}

static bool
should_load_on_create_extension(Node *utility_stmt)
{
	CreateExtensionStmt *stmt = (CreateExtensionStmt *) utility_stmt;

	if (strcmp(stmt->extname, EXTENSION_NAME) != 0)
		return false;
	if (!extension_is_loaded())
		return true;
	if (extension_exists() && stmt->if_not_exists)
		return false;
	ereport(ERROR,
			(errcode(ERRCODE_DUPLICATE_OBJECT),
			 errmsg("extension \"%s\" has already been loaded with another version", stmt->extname),
			 errdetail("The loaded version is \"%s\".", soversion),
			 errhint("Start a new session and execute CREATE EXTENSION as the first command. "
					 "Make sure to pass the \"-X\" flag to psql.")));
	return false;
}

static bool
load_utility_cmd(Node *utility_stmt)
{
	switch (nodeTag(utility_stmt))
	{
		case T_VariableSetStmt:
			return should_load_on_variable_set(utility_stmt);
		case T_AlterExtensionStmt:
			return should_load_on_alter_extension(utility_stmt);
		case T_CreateExtensionStmt:
			return should_load_on_create_extension(utility_stmt);
		case T_DropStmt:
			return !drop_statement_drops_extension((DropStmt *) utility_stmt);
		default:
			return true;
	}
}

static void
do_load(void)
{
	char	   *version = extension_version();
	char		soname[MAX_SO_NAME_LEN];
	PGFunction	ts_post_load_init;

	/*
	 * If the right version of the library is already loaded, skip; if the
	 * wrong one is, the session cannot go on.
	 */
	if (extension_is_loaded())
	{
		if (strcmp(soversion, version) == 0)
			return;
		ereport(FATAL,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("\"%s\" already loaded with a different version", EXTENSION_NAME),
				 errdetail("The new version is \"%s\", this session is using version \"%s\". The "
						   "session will be restarted.",
						   version, soversion)));
	}

	/* Recorded before the load: a failed load still counts as loaded. */
	strlcpy(soversion, version, MAX_VERSION_LEN);
	snprintf(soname, MAX_SO_NAME_LEN, "%s%s-%s", TS_LIBDIR, EXTENSION_NAME, version);

	ts_post_load_init = load_external_function(soname, POST_LOAD_INIT_FN, false, NULL);
	if (ts_post_load_init != NULL)
		DirectFunctionCall1(ts_post_load_init, CharGetDatum(0));
}

static void
extension_check(void)
{
	switch (extension_current_state())
	{
		case EXTENSION_STATE_TRANSITIONING:
		case EXTENSION_STATE_CREATED:
			do_load();
			return;
		case EXTENSION_STATE_UNKNOWN:
		case EXTENSION_STATE_NOT_INSTALLED:
			return;
	}
}

static void
post_analyze_hook(ParseState *pstate, Query *query, JumbleState *jstate)
{
	if (!guc_disable_load &&
		(query->commandType != CMD_UTILITY || load_utility_cmd(query->utilityStmt)))
		extension_check();

	if (prev_post_parse_analyze_hook != NULL)
		prev_post_parse_analyze_hook(pstate, query, jstate);
}

void
_PG_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
		ereport(FATAL,
				(errmsg("extension \"%s\" must be preloaded", EXTENSION_NAME),
				 errhint("Please preload the timescaledb library via shared_preload_libraries.")));

	/* This is a safety-valve variable to prevent loading the full extension */
	DefineCustomBoolVariable(GUC_DISABLE_LOAD_NAME,
							 "Disable the loading of the actual extension",
							 NULL,
							 &guc_disable_load,
							 false,
							 PGC_USERSET,
							 0,
							 NULL,
							 NULL,
							 NULL);

	prev_post_parse_analyze_hook = post_parse_analyze_hook;
	post_parse_analyze_hook = post_analyze_hook;
}
