/*
 * timescaledb stand-in, the versioned library (built as
 * timescaledb-<TS_VERSION>.so): for extguard's tests only, not TimescaleDB.
 *
 * In TimescaleDB the versioned library holds the whole extension and the
 * loader (loader.c here, src/loader/loader.c upstream) loads it by name and
 * calls its ts_post_load_init (src/init.c). Here it only has that entry point
 * and ts_stand_in_library_version(), which the SQL function create_hypertable()
 * uses, so a test can show that work "through the extension" runs on the
 * library matching pg_extension.extversion.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

PG_MODULE_MAGIC;

#ifndef TS_VERSION
#error "build with TS_VERSION=2.17.2 or TS_VERSION=2.19.3"
#endif

PG_FUNCTION_INFO_V1(ts_post_load_init);
PG_FUNCTION_INFO_V1(ts_stand_in_library_version);

Datum
ts_post_load_init(PG_FUNCTION_ARGS)
{
	PG_RETURN_VOID();
}

Datum
ts_stand_in_library_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(TS_VERSION));
}
