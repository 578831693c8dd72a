package io.extguard.recipe;

import io.extguard.model.DatabaseReport;
import io.extguard.apply.DatabaseVisitor;
import java.util.List;

/**
 * Visits one database wherever it lives: on the server extguard connects to, and, for a recipe
 * whose extension spans several servers ({@link Recipe#nodes}), on each of them in that recipe's
 * order. One report per server visited, in the order they ran.
 */
public interface DatabaseVisits extends AutoCloseable {

    List<DatabaseReport> check(String database);

    List<DatabaseReport> update(String database);

    /** Releases the sessions the visits keep open (e.g. to other servers). */
    @Override
    default void close() {
    }

    /** The server extguard connects to, alone. */
    static DatabaseVisits of(DatabaseVisitor server) {
        return new DatabaseVisits() {
            @Override
            public List<DatabaseReport> check(String database) {
                return List.of(server.check(database));
            }

            @Override
            public List<DatabaseReport> update(String database) {
                return List.of(server.update(database));
            }
        };
    }
}
