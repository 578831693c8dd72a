package io.extguard.catalog;

import io.extguard.connect.Query;
import io.extguard.model.CandidateIdentity;
import io.extguard.plan.ExtensionLibrary;
import io.extguard.plan.ForwardingExtensionLibrary;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.TreeMap;

/**
 * The library facts of a server started from the image that is about to be rolled out, for
 * {@code check --library-from}. Extension files are the same for every server of an image, so an
 * empty server started from it answers for the production server that will run it. Nothing is
 * written: everything here is a read of a system view or catalog function.
 */
public final class CandidateImage implements ForwardingExtensionLibrary {
    private static final String VERSION = "SELECT pg_catalog.current_setting('server_version'),"
            + " pg_catalog.current_setting('server_version_num')::int";

    private final ServerLibrary library;
    private final CandidateIdentity identity;

    private CandidateImage(ServerLibrary library, CandidateIdentity identity) {
        this.library = library;
        this.identity = identity;
    }

    /** @param server how reports name the candidate server, without any secret */
    public static CandidateImage load(CatalogSession session, String server) throws SQLException {
        ServerLibrary library = ServerLibrary.load(session);
        ServerVersion version = session.query(ServerVersion::read);
        return new CandidateImage(library, new CandidateIdentity(server, version.text(), version.major(),
                new TreeMap<>(library.defaultVersions())));
    }

    public CandidateIdentity identity() {
        return identity;
    }

    @Override
    public boolean isCandidateImage() {
        return true;
    }

    /** Every fact but {@link #isCandidateImage()} is the candidate server's own library's. */
    @Override
    public ExtensionLibrary delegate() {
        return library;
    }

    /** A server's PostgreSQL version: the text for people, the major number for comparing. */
    public record ServerVersion(String text, int major) {
        public static ServerVersion read(Connection connection) throws SQLException {
            return Query.one(connection, VERSION, rs -> new ServerVersion(rs.getString(1), rs.getInt(2) / 10000));
        }
    }
}
