/*
 * extguard_fixture: a tiny test extension for extguard's integration tests.
 *
 * It imitates Citus's "loaded Citus library version differs from installed
 * extension version" check: CheckCitusVersion() -> CheckInstalledVersion() in
 * Citus's src/backend/distributed/metadata/metadata_cache.c, comparing the
 * version compiled into the library (CITUS_EXTENSIONVERSION from the generated
 * citus_version.h; utils/citus_version.c exposes it as citus_version()) with
 * pg_extension.extversion.
 * Citus refuses to run its functions when the shared library on disk is newer
 * than the extension version recorded in pg_extension, i.e. after the
 * server's packages (or container image) were upgraded but
 * ALTER EXTENSION citus UPDATE was not run in every database.
 * (Citus compares major versions only; the fixture compares exactly.)
 *
 * That is exactly the state extguard exists to fix. Building the same kind of
 * check into a fixture lets the tests prove that extguard really fixes it:
 * before extguard runs, calling a fixture function fails; afterwards it works
 * in every database.
 *
 * The library's version is a compile-time constant: build with
 *     make FIXTURE_LIB_VERSION=1.0   (or 2.0)
 * which the Makefile turns into -DFIXTURE_LIB_VERSION=1.0.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_extension.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"

PG_MODULE_MAGIC;

#ifndef FIXTURE_LIB_VERSION
#error "build with FIXTURE_LIB_VERSION=1.0 or FIXTURE_LIB_VERSION=2.0"
#endif

/* FIXTURE_LIB_VERSION is a bare token (2.0) so no shell quoting is needed. */
#define FIXTURE_STRINGIFY_TOKEN(token) #token
#define FIXTURE_STRINGIFY(token) FIXTURE_STRINGIFY_TOKEN(token)
#define LIBRARY_VERSION FIXTURE_STRINGIFY(FIXTURE_LIB_VERSION)

#define EXTENSION_NAME "extguard_fixture"

PG_FUNCTION_INFO_V1(extguard_fixture_version);
PG_FUNCTION_INFO_V1(extguard_fixture_v2_feature);

static char *installed_extension_version(void);
static void check_library_matches_installed_version(void);

/*
 * Reads extversion of this extension from pg_extension.
 *
 * A catalog scan (like Citus's InstalledExtensionVersion()) sees the row as
 * of the current command, so inside the transaction that runs
 * ALTER EXTENSION ... UPDATE it already sees the new version. Returns NULL
 * when the extension is not installed in the current database.
 */
static char *
installed_extension_version(void)
{
	Relation	extension_rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	char	   *version = NULL;

	extension_rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber,
				F_NAMEEQ, CStringGetDatum(EXTENSION_NAME));
	scan = systable_beginscan(extension_rel, ExtensionNameIndexId, true,
							  NULL, 1, &key);

	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		bool		is_null = false;
		Datum		datum = heap_getattr(tuple, Anum_pg_extension_extversion,
										 RelationGetDescr(extension_rel),
										 &is_null);

		if (!is_null)
			version = text_to_cstring(DatumGetTextPP(datum));
	}

	systable_endscan(scan);
	table_close(extension_rel, AccessShareLock);
	return version;
}

/*
 * Same message, detail and hint as Citus's CheckInstalledVersion(), with
 * "Citus" replaced by the fixture's name, and the same SQLSTATE (Citus sets
 * no errcode, so its ERROR is XX000 internal_error). Unlike Citus the result
 * is not cached, so a session sees an ALTER EXTENSION UPDATE immediately.
 */
static void
check_library_matches_installed_version(void)
{
	char	   *installed = installed_extension_version();

	if (installed == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("extension \"%s\" is not installed in this database",
						EXTENSION_NAME)));

	if (strcmp(installed, LIBRARY_VERSION) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("loaded %s library version differs from installed extension version",
						EXTENSION_NAME),
				 errdetail("Loaded library requires %s, but the installed extension version is %s.",
						   LIBRARY_VERSION, installed),
				 errhint("Run ALTER EXTENSION %s UPDATE and try again.",
						 EXTENSION_NAME)));
}

/* Returns the version the library was compiled as, after the check. */
Datum
extguard_fixture_version(PG_FUNCTION_ARGS)
{
	check_library_matches_installed_version();
	PG_RETURN_TEXT_P(cstring_to_text(LIBRARY_VERSION));
}

/* Exposed by the 2.0 SQL scripts only: something that exists only after the update. */
Datum
extguard_fixture_v2_feature(PG_FUNCTION_ARGS)
{
	check_library_matches_installed_version();
	PG_RETURN_TEXT_P(cstring_to_text("v2 feature"));
}
