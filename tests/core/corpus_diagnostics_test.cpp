// The diagnostics engine on the real-world corpus (../shared/corpus, README.md there): the broken links
// each set's README names are reported on the right objects, the valid routes and Ingresses next to them
// stay clean, and the sets the README calls healthy get no error. Sets load as manifests (partial mode);
// "a+b" loads several sets together.
#include "diagnostics/diagnostics.h"
#include "sources/manifestloader.h"

#include <QDir>
#include <QHash>
#include <QTest>
#include <algorithm>

using namespace routemap;

namespace {

QString corpusRoot()
{
    return QStringLiteral(ROUTEMAP_CORPUS);
}

const QList<Finding> &findingsOf(const QString &sets)
{
    static QHash<QString, QList<Finding>> cache;
    const auto it = cache.constFind(sets);
    if (it != cache.constEnd()) {
        return it.value();
    }
    QStringList paths;
    for (const QString &set : sets.split(u'+')) {
        paths.append(corpusRoot() + u'/' + set);
    }
    const LoadResult loaded = ManifestLoader::loadPaths(paths);
    return cache.insert(sets, runDiagnostics(loaded.toSnapshot())).value();
}

QString describe(const Finding &f)
{
    QStringList related;
    for (const ObjectRef &r : f.related) {
        related.append(r.display());
    }
    return f.code + u' ' + severityName(f.severity) + u' ' + f.object.display() + QStringLiteral(" -> [")
        + related.join(QStringLiteral(", ")) + QStringLiteral("] ") + f.message;
}

QString report(const QList<Finding> &findings)
{
    QStringList lines;
    for (const Finding &f : findings) {
        lines.append(describe(f));
    }
    return QStringLiteral("\nfindings:\n  ") + lines.join(QStringLiteral("\n  "));
}

bool isRoutingCode(const QString &code)
{
    return code.startsWith(QLatin1String("ingress-")) || code.startsWith(QLatin1String("route-"))
        || code == QLatin1String("gateway-class-unknown");
}

} // namespace

class CorpusDiagnosticsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void reported_data();
    void reported();
    void notReported_data();
    void notReported();
    void healthySets_data();
    void healthySets();
    void relatedRefsCarryTheirGroup_data();
    void relatedRefsCarryTheirGroup();
};

void CorpusDiagnosticsTest::initTestCase()
{
    if (!QDir(corpusRoot()).exists()) {
        QSKIP("corpus not available");
    }
}

void CorpusDiagnosticsTest::reported_data()
{
    QTest::addColumn<QString>("sets");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("object"); // namespace/name or name
    QTest::addColumn<QString>("related"); // name of a related object it must point at ("" = any)
    QTest::addColumn<QString>("severity"); // "" = any

    const auto row = [](const char *sets, const char *code, const char *kind, const char *object,
                         const char *related = "", const char *severity = "") {
        QTest::addRow("%s: %s %s %s %s", sets, code, kind, object, related)
            << QString::fromLatin1(sets) << QString::fromLatin1(code) << QString::fromLatin1(kind)
            << QString::fromLatin1(object) << QString::fromLatin1(related) << QString::fromLatin1(severity);
    };

    // ingress-nginx-examples: class nginx is not loaded, TLS Secrets are missing, foo.bar.com/ twice.
    for (const char *ing :
        {"default/foo-tls", "default/nginx-test", "default/external-auth", "docker-registry/docker-registry"}) {
        row("ingress-nginx-examples", "ingress-class-unknown", "Ingress", ing, "nginx", "warning");
    }
    row("ingress-nginx-examples", "ingress-tls-secret-missing", "Ingress", "default/foo-tls", "foobar", "warning");
    row("ingress-nginx-examples", "ingress-tls-secret-missing", "Ingress", "default/foo-tls", "barbaz");
    row("ingress-nginx-examples", "ingress-tls-secret-missing", "Ingress", "default/nginx-test", "tls-secret");
    row("ingress-nginx-examples", "ingress-tls-secret-missing", "Ingress", "docker-registry/docker-registry",
        "registry-tls");
    row("ingress-nginx-examples", "ingress-rule-conflict", "Ingress", "default/foo-tls", "nginx-test");
    row("ingress-nginx-examples", "ingress-rule-conflict", "Ingress", "default/nginx-test", "foo-tls");

    // gateway-api-examples: two classes and every backend missing.
    row("gateway-api-examples", "gateway-class-unknown", "Gateway", "default/example-gateway", "prod", "warning");
    row("gateway-api-examples", "gateway-class-unknown", "Gateway", "infra-ns/shared-gateway", "shared-gateway-class");
    row("gateway-api-examples", "route-backend-missing", "HTTPRoute", "default/http-app-1", "my-service1", "warning");
    row("gateway-api-examples", "route-backend-missing", "HTTPRoute", "default/http-app-1", "my-service2");
    row("gateway-api-examples", "route-backend-missing", "HTTPRoute", "default/foo", "foo-app");
    row("gateway-api-examples", "route-backend-missing", "HTTPRoute", "default/foo", "foo-orders-app");
    row("gateway-api-examples", "route-backend-missing", "HTTPRoute", "default/bar", "bar-app");
    row("gateway-api-examples", "route-backend-missing", "HTTPRoute", "site-ns/home", "home");
    row("gateway-api-examples", "route-backend-missing", "HTTPRoute", "site-ns/login", "login-v1");
    row("gateway-api-examples", "route-backend-missing", "HTTPRoute", "site-ns/login", "login-v2");
    row("gateway-api-examples", "route-backend-missing", "HTTPRoute", "store-ns/store", "store");

    // gateway-api-conformance: the 7 invalid routes.
    for (const char *gw : {"gateway-conformance-infra/same-namespace", "gateway-conformance-infra/all-namespaces",
             "gateway-conformance-infra/backend-namespaces",
             "gateway-conformance-infra/same-namespace-with-https-listener"}) {
        row("gateway-api-conformance", "gateway-class-unknown", "Gateway", gw, "{GATEWAY_CLASS_NAME}");
    }
    row("gateway-api-conformance", "route-backend-missing", "HTTPRoute",
        "gateway-conformance-infra/invalid-backend-ref-unknown-kind", "infra-backend-v1");
    row("gateway-api-conformance", "route-backend-missing", "HTTPRoute",
        "gateway-conformance-infra/invalid-nonexistent-backend-ref", "nonexistent", "warning");
    row("gateway-api-conformance", "route-backend-not-permitted", "HTTPRoute",
        "gateway-conformance-infra/invalid-cross-namespace-backend-ref", "web-backend", "warning");
    row("gateway-api-conformance", "route-backend-not-permitted", "HTTPRoute",
        "gateway-conformance-infra/reference-grant", "web-backend");
    row("gateway-api-conformance", "route-not-allowed-by-listener", "HTTPRoute",
        "gateway-conformance-web-backend/invalid-cross-namespace-parent-ref", "same-namespace", "warning");
    row("gateway-api-conformance", "route-not-allowed-by-listener", "HTTPRoute",
        "gateway-conformance-infra/httproute-listener-not-matching-route-port", "same-namespace");
    row("gateway-api-conformance", "route-not-allowed-by-listener", "HTTPRoute",
        "gateway-conformance-infra/httproute-listener-not-matching-section-name", "same-namespace");

    // Class-less Ingresses with no default IngressClass.
    row("tf-serving-ingress", "ingress-class-unset", "Ingress", "default/tf-serving-ingress", "", "warning");
    row("traefik-whoami", "ingress-class-unset", "Ingress", "default/test.ingress");
    row("traefik-whoami", "ingress-class-unset", "Ingress", "default/test.ingress.https");
    row("traefik-whoami", "ingress-tls-secret-missing", "Ingress", "default/test.ingress.https", "tls-cert", "warning");

    // popeye-lint-lists: deliberately broken.
    for (const char *ing :
        {"default/ing1", "default/ing2", "default/ing3", "default/ing4", "default/ing5", "default/ing6"}) {
        row("popeye-lint-lists", "ingress-class-unknown", "Ingress", ing, "nginx");
    }
    row("popeye-lint-lists", "ingress-backend-service-missing", "Ingress", "default/ing3", "s2", "warning");
    row("popeye-lint-lists", "ingress-backend-port-missing", "Ingress", "default/ing4", "svc2", "error");
    row("popeye-lint-lists", "ingress-backend-port-missing", "Ingress", "default/ing6", "svc1", "error");
    row("popeye-lint-lists", "gateway-class-unknown", "Gateway", "default/gw2", "gwc-bozo");
    row("popeye-lint-lists", "route-parent-missing", "HTTPRoute", "default/r2", "gw-bozo", "warning");
    row("popeye-lint-lists", "route-backend-port-missing", "HTTPRoute", "default/r2", "svc2", "error");
    row("popeye-lint-lists", "route-parent-missing", "HTTPRoute", "default/r3", "svc-bozo");
    row("popeye-lint-lists", "route-backend-port-missing", "HTTPRoute", "default/r3", "svc2", "error");

    // k8s-website-networking: docs snippets without their backends.
    row("k8s-website-networking", "ingress-class-unknown", "Ingress", "default/example-ingress", "nginx");
    row("k8s-website-networking", "ingress-class-unknown", "Ingress", "default/minimal-ingress", "nginx-example");
    row("k8s-website-networking", "ingress-backend-service-missing", "Ingress", "default/ingress-wildcard-host",
        "service1");
    row("k8s-website-networking", "ingress-backend-service-missing", "Ingress", "default/ingress-wildcard-host",
        "service2");
    row("k8s-website-networking", "ingress-backend-service-missing", "Ingress", "default/simple-fanout-example",
        "service1");
    row("k8s-website-networking", "ingress-backend-service-missing", "Ingress",
        "default/name-virtual-host-ingress-no-third-host", "service3");
    row("k8s-website-networking", "ingress-backend-service-missing", "Ingress", "default/minimal-ingress", "test");
    row("k8s-website-networking", "ingress-backend-service-missing", "Ingress", "default/test-ingress", "test");
    row("k8s-website-networking", "ingress-backend-service-missing", "Ingress", "default/example-ingress", "web");
    row("k8s-website-networking", "ingress-backend-service-missing", "Ingress", "default/tls-example-ingress",
        "service1");
    row("k8s-website-networking", "route-parent-missing", "HTTPRoute", "default/example-httproute", "example-gateway");
    row("k8s-website-networking", "route-parent-missing", "GRPCRoute", "default/example-grpcroute", "example-gateway");
    row("k8s-website-networking", "route-backend-missing", "HTTPRoute", "default/example-httproute", "example-svc");
    row("k8s-website-networking", "route-backend-missing", "GRPCRoute", "default/example-grpcroute", "example-svc");
    row("k8s-website-networking", "ingress-tls-secret-missing", "Ingress", "default/tls-example-ingress",
        "testsecret-tls");

    // cert-manager-tutorials: the Secret is to be issued, so only informational.
    row("cert-manager-tutorials", "ingress-class-unknown", "Ingress", "default/kuard", "nginx");
    row("cert-manager-tutorials", "ingress-tls-secret-missing", "Ingress", "default/kuard", "quickstart-example-tls",
        "info");

    // istio-bookinfo and online-boutique: class istio is not loaded.
    row("istio-bookinfo", "gateway-class-unknown", "Gateway", "default/bookinfo-gateway", "istio");
    row("istio-bookinfo", "ingress-class-unknown", "Ingress", "default/gateway", "istio");
    row("istio-bookinfo", "ingress-class-annotation-deprecated", "Ingress", "default/gateway", "", "info");
    row("online-boutique", "gateway-class-unknown", "Gateway", "default/istio-gateway", "istio");
}

void CorpusDiagnosticsTest::reported()
{
    QFETCH(QString, sets);
    QFETCH(QString, code);
    QFETCH(QString, kind);
    QFETCH(QString, object);
    QFETCH(QString, related);
    QFETCH(QString, severity);
    const QList<Finding> &findings = findingsOf(sets);
    const bool found = std::any_of(findings.begin(), findings.end(), [&](const Finding &f) {
        return f.code == code && f.object.kind == kind && f.object.qualifiedName() == object
            && (severity.isEmpty() || severityName(f.severity) == severity)
            && (related.isEmpty() || std::any_of(f.related.begin(), f.related.end(), [&](const ObjectRef &r) {
                   return r.name == related;
               }));
    });
    QVERIFY2(found, qPrintable(QStringLiteral("missing: ") + code + u' ' + kind + u' ' + object + report(findings)));
}

void CorpusDiagnosticsTest::notReported_data()
{
    QTest::addColumn<QString>("sets");
    QTest::addColumn<QString>("code"); // "*" = any Ingress / Gateway API code
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("object");

    const auto row = [](const char *sets, const char *code, const char *kind, const char *object) {
        QTest::addRow("%s: %s %s %s", sets, code, kind, object)
            << QString::fromLatin1(sets) << QString::fromLatin1(code) << QString::fromLatin1(kind)
            << QString::fromLatin1(object);
    };
    // The valid conformance routes, next to the broken ones and the 7 wrong grants.
    row("gateway-api-conformance", "*", "HTTPRoute", "gateway-conformance-infra/gateway-conformance-infra-test");
    row("gateway-api-conformance", "*", "HTTPRoute", "gateway-conformance-web-backend/cross-namespace");
    // Namespaces carrying the selector label attach; the Gateway's listeners match the sectionNames.
    for (const char *route :
        {"site-ns/home", "site-ns/login", "store-ns/store", "default/foo", "default/bar", "default/http-app-1"}) {
        row("gateway-api-examples", "route-not-allowed-by-listener", "HTTPRoute", route);
        row("gateway-api-examples", "route-parent-missing", "HTTPRoute", route);
    }
    row("gateway-api-examples", "*", "HTTPRoute", "default/tls-redirect");
    row("gateway-api-examples", "*", "Gateway", "default/my-gateway");
    // GAMMA routes whose parent is a core Service.
    for (const char *route :
        {"default/bookinfo", "default/reviews", "default/productpage", "default/ratings", "default/details"}) {
        row("istio-bookinfo", "*", "HTTPRoute", route);
    }
    row("online-boutique", "*", "HTTPRoute", "default/frontend-route");
    row("traefik-whoami", "*", "HTTPRoute", "default/http-app-1");
    for (const char *gw :
        {"default/my-gateway", "default/my-https-gateway", "default/my-tcp-gateway", "default/my-tls-gateway"}) {
        row("traefik-whoami", "*", "Gateway", gw);
    }
    for (const char *ing : {"default/whoami-keep-route", "default/whoami-drop-route", "default/whoami-drop-ingress"}) {
        row("traefik-whoami", "*", "Ingress", ing);
    }
    row("traefik-whoami", "ingress-tls-host-mismatch", "Ingress", "default/test.ingress.https");
    row("popeye-lint-lists", "*", "HTTPRoute", "default/r1");
    row("popeye-lint-lists", "*", "Gateway", "default/gw1");
    row("popeye-lint-lists", "ingress-backend-service-missing", "Ingress", "default/ing5");
    row("popeye-lint-lists", "ingress-backend-port-missing", "Ingress", "default/ing1");
    row("popeye-lint-lists", "ingress-backend-port-missing", "Ingress", "default/ing2");
    // Class-less Ingresses bound to the default IngressClass; resource backends are not Services.
    row("k8s-website-networking", "*", "Ingress", "default/ingress-resource-backend");
    row("k8s-website-networking", "ingress-class-unset", "Ingress", "default/test-ingress");
    row("k8s-website-networking", "ingress-tls-host-mismatch", "Ingress", "default/tls-example-ingress");
    row("k8s-website-networking", "*", "Gateway", "example-namespace/example-gateway");
    row("cert-manager-tutorials", "ingress-tls-host-mismatch", "Ingress", "default/kuard");
    row("cert-manager-tutorials", "ingress-backend-service-missing", "Ingress", "default/kuard");
    row("ingress-nginx-examples", "ingress-rule-conflict", "Ingress", "default/external-auth");
    row("ingress-nginx-examples", "ingress-tls-host-mismatch", "Ingress", "default/foo-tls");
    row("tf-serving-ingress", "ingress-backend-port-missing", "Ingress", "default/tf-serving-ingress");
    // With the controller loaded, class nginx resolves.
    row("ingress-nginx-cloud+ingress-nginx-examples", "ingress-class-unknown", "Ingress", "default/foo-tls");
    row("ingress-nginx-cloud+cert-manager-tutorials", "ingress-class-unknown", "Ingress", "default/kuard");
    row("ingress-nginx-cloud+tf-serving-ingress", "ingress-class-unknown", "Ingress", "default/tf-serving-ingress");
}

void CorpusDiagnosticsTest::notReported()
{
    QFETCH(QString, sets);
    QFETCH(QString, code);
    QFETCH(QString, kind);
    QFETCH(QString, object);
    const QList<Finding> &findings = findingsOf(sets);
    QList<Finding> hits;
    for (const Finding &f : findings) {
        if (f.object.kind == kind && f.object.qualifiedName() == object
            && (code == QLatin1String("*") ? isRoutingCode(f.code) : f.code == code)) {
            hits.append(f);
        }
    }
    QVERIFY2(hits.isEmpty(), qPrintable(QStringLiteral("unexpected:") + report(hits)));
}

void CorpusDiagnosticsTest::healthySets_data()
{
    QTest::addColumn<QString>("sets");
    for (const char *set : {"guestbook", "guestbook-go", "voting-app", "sock-shop", "podinfo-kustomize",
             "podinfo-webapp", "argo-cd-install", "ingress-nginx-cloud", "ingress-nginx-baremetal"}) {
        QTest::addRow("%s", set) << QString::fromLatin1(set);
    }
}

void CorpusDiagnosticsTest::healthySets()
{
    QFETCH(QString, sets);
    QList<Finding> errors;
    for (const Finding &f : findingsOf(sets)) {
        if (f.severity == Severity::Error) {
            errors.append(f);
        }
    }
    QVERIFY2(errors.isEmpty(), qPrintable(QStringLiteral("errors on a healthy set:") + report(errors)));
}

void CorpusDiagnosticsTest::relatedRefsCarryTheirGroup_data()
{
    QTest::addColumn<QString>("sets");
    for (const char *set : {"ingress-nginx-examples", "gateway-api-examples", "gateway-api-conformance",
             "popeye-lint-lists", "k8s-website-networking", "cert-manager-tutorials", "istio-bookinfo",
             "traefik-whoami", "tf-serving-ingress"}) {
        QTest::addRow("%s", set) << QString::fromLatin1(set);
    }
}

// The graph finds the edge or ghost node a finding marks by the related object's full identity, API group
// included.
void CorpusDiagnosticsTest::relatedRefsCarryTheirGroup()
{
    QFETCH(QString, sets);
    static const QHash<QString, QString> groups = {
        {QStringLiteral("IngressClass"), QStringLiteral("networking.k8s.io")},
        {QStringLiteral("Ingress"), QStringLiteral("networking.k8s.io")},
        {QStringLiteral("Service"), QString()},
        {QStringLiteral("Secret"), QString()},
        {QStringLiteral("Gateway"), QStringLiteral("gateway.networking.k8s.io")},
        {QStringLiteral("GatewayClass"), QStringLiteral("gateway.networking.k8s.io")},
    };
    int checked = 0;
    for (const Finding &f : findingsOf(sets)) {
        if (!isRoutingCode(f.code)) {
            continue;
        }
        for (const ObjectRef &r : f.related) {
            // A Service parentRef without group: "" really names gateway.networking.k8s.io/Service (popeye r3).
            if (f.code == QLatin1String("route-parent-missing") && r.kind == QLatin1String("Service")) {
                continue;
            }
            const auto it = groups.constFind(r.kind);
            if (it != groups.constEnd()) {
                QVERIFY2(r.group == it.value(), qPrintable(describe(f)));
                ++checked;
            }
        }
    }
    QVERIFY2(checked > 0, "no related object checked");
}

QTEST_GUILESS_MAIN(CorpusDiagnosticsTest)
#include "corpus_diagnostics_test.moc"
