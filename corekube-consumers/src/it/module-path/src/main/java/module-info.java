/** A consumer on the module path: Corekube's modules are required by their Automatic-Module-Names. */
module example.consumer {
    requires io.corekube.api;
    requires io.corekube.templates;
    requires io.corekube.fleet;
}
