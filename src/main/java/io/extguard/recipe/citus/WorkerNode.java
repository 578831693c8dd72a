package io.extguard.recipe.citus;

/** A Citus worker as the coordinator's {@code pg_dist_node} names it. */
record WorkerNode(String name, int port) {

    /** {@code worker-2:5432}: how reports and metrics name the node. */
    public String label() {
        return name + ":" + port;
    }
}
