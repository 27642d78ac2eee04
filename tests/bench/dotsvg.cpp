// routemap-dot: `dot -Tsvg IN -o OUT` through the Graphviz library Routemap already links, for machines
// without the graphviz command-line tools. Used by run-benchmarks.sh to time the naive map.
#include <cstdio>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

int main(int argc, char *argv[])
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: routemap-dot IN.dot OUT.svg\n");
        return 2;
    }
    FILE *in = std::fopen(argv[1], "r");
    if (!in) {
        std::perror(argv[1]);
        return 2;
    }
    GVC_t *gvc = gvContext();
    Agraph_t *graph = agread(in, nullptr);
    std::fclose(in);
    if (!graph) {
        std::fprintf(stderr, "%s: not a DOT graph\n", argv[1]);
        return 1;
    }
    int rc = gvLayout(gvc, graph, "dot");
    if (rc == 0) {
        rc = gvRenderFilename(gvc, graph, "svg", argv[2]);
        gvFreeLayout(gvc, graph);
    }
    agclose(graph);
    gvFreeContext(gvc);
    return rc == 0 ? 0 : 1;
}
