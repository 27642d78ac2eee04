#include "sources/manifestloader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTest>

using namespace routemap;

namespace {

const QString kCorpus = QStringLiteral(ROUTEMAP_CORPUS);

// "Deployment 3, Ingress 3" (the README's "objects by kind" column) -> {Deployment: 3, Ingress: 3}
QMap<QString, int> parseKinds(const QString &text)
{
    QMap<QString, int> kinds;
    const QStringList parts = text.split(QStringLiteral(", "), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const qsizetype space = part.lastIndexOf(u' ');
        kinds.insert(part.left(space), part.mid(space + 1).toInt());
    }
    return kinds;
}

QString kindsText(const QMap<QString, int> &kinds)
{
    QStringList parts;
    for (auto it = kinds.begin(); it != kinds.end(); ++it) {
        parts.append(it.key() + u' ' + QString::number(it.value()));
    }
    return parts.join(QStringLiteral(", "));
}

int countIssues(const QList<LoadIssue> &issues, LoadIssue::Type type)
{
    return static_cast<int>(
        std::count_if(issues.begin(), issues.end(), [type](const LoadIssue &i) { return i.type == type; }));
}

} // namespace

class CorpusTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFileInfo(kCorpus + QStringLiteral("/README.md")).exists()) {
            QSKIP(qPrintable(QStringLiteral("manifest corpus not found at ") + kCorpus));
        }
        QVERIFY(QDir::setCurrent(kCorpus));
    }

    void setLoads_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("kinds");
        QTest::addColumn<int>("parseErrors");
        QTest::addColumn<int>("notObjects");

        // The "objects by kind" and "parse errors" columns of the corpus README, unless noted.
        QTest::addRow("api-json") << "api-json"
                                  << "Deployment 3, Ingress 3, Service 3, EndpointSlice 2, Endpoints 2, Pod 2, "
                                     "ReplicaSet 2, IngressClass 1"
                                  << 0 << 0;
        QTest::addRow("argo-cd-install")
            << "argo-cd-install"
            << "Service 8, ConfigMap 7, NetworkPolicy 7, ServiceAccount 7, Deployment 6, Role 6, RoleBinding 6, "
               "ClusterRole 3, ClusterRoleBinding 3, CustomResourceDefinition 3, Secret 2, StatefulSet 1"
            << 0 << 0;
        QTest::addRow("cert-manager-tutorials")
            << "cert-manager-tutorials"
            << "Deployment 2, Issuer 2, Service 2, Certificate 1, ClusterIssuer 1, Ingress 1" << 0 << 0;
        // README: "A whole-file loader gets 8 objects; a per-document loader additionally gets
        // `Service nginx` + `Deployment nginx`". Routemap parses each document on its own.
        QTest::addRow("external-dns-snippets") << "external-dns-snippets"
                                               << "Service 6, DNSEndpoint 1, Deployment 2, IngressRoute 1" << 1 << 0;
        QTest::addRow("gateway-api-conformance")
            << "gateway-api-conformance"
            << "Deployment 14, Service 14, HTTPRoute 9, ReferenceGrant 7, Gateway 4, Namespace 3, ConfigMap 1" << 0
            << 0;
        QTest::addRow("gateway-api-examples") << "gateway-api-examples"
                                              << "HTTPRoute 7, Namespace 4, Gateway 3, GatewayClass 1" << 0 << 0;
        QTest::addRow("guestbook") << "guestbook"
                                   << "Deployment 3, Service 3" << 0 << 0;
        QTest::addRow("guestbook-go") << "guestbook-go"
                                      << "Service 3, ReplicationController 2, Deployment 1" << 0 << 0;
        const char *ingressNginx = "ClusterRole 2, ClusterRoleBinding 2, Job 2, Role 2, RoleBinding 2, Service 2, "
                                   "ServiceAccount 2, ConfigMap 1, Deployment 1, IngressClass 1, Namespace 1, "
                                   "ValidatingWebhookConfiguration 1";
        QTest::addRow("ingress-nginx-baremetal") << "ingress-nginx-baremetal" << ingressNginx << 0 << 0;
        QTest::addRow("ingress-nginx-cloud") << "ingress-nginx-cloud" << ingressNginx << 0 << 0;
        QTest::addRow("ingress-nginx-examples")
            << "ingress-nginx-examples"
            << "Ingress 4, Service 3, ReplicationController 2, Deployment 1, Namespace 1" << 0 << 0;
        QTest::addRow("istio-bookinfo")
            << "istio-bookinfo"
            << "Service 10, Deployment 6, HTTPRoute 5, ServiceAccount 4, Gateway 2, Ingress 1, VirtualService 1" << 0
            << 0;
        QTest::addRow("k8s-website-networking")
            << "k8s-website-networking"
            << "Ingress 9, IngressClass 2, NetworkPolicy 2, Service 2, Deployment 1, GRPCRoute 1, Gateway 1, "
               "GatewayClass 1, HTTPRoute 1"
            << 0 << 0;
        QTest::addRow("online-boutique")
            << "online-boutique"
            << "Deployment 12, Service 12, ServiceAccount 11, ServiceEntry 2, Gateway 1, HTTPRoute 1, VirtualService 1"
            << 0 << 0;
        // README: "Deployment 1, HorizontalPodAutoscaler 1, Kustomization 1, Service 1". kustomization.yaml is
        // a build recipe (kustomize.config.k8s.io), not a cluster object: it is skipped without an issue.
        QTest::addRow("podinfo-kustomize") << "podinfo-kustomize"
                                           << "Deployment 1, HorizontalPodAutoscaler 1, Service 1" << 0 << 0;
        QTest::addRow("podinfo-webapp") << "podinfo-webapp"
                                        << "Deployment 2, HorizontalPodAutoscaler 2, Service 2, ServiceAccount 2, "
                                           "Namespace 1, Role 1, RoleBinding 1"
                                        << 0 << 0;
        QTest::addRow("popeye-lint-lists")
            << "popeye-lint-lists"
            << "Ingress 6, Service 5, Endpoints 4, Deployment 3, HTTPRoute 3, Gateway 2, GatewayClass 2, Pod 1" << 0
            << 0;
        QTest::addRow("sock-shop") << "sock-shop"
                                   << "Deployment 14, Service 14, Namespace 1" << 0 << 0;
        QTest::addRow("tf-serving-ingress")
            << "tf-serving-ingress"
            << "Deployment 1, Ingress 1, PersistentVolume 1, PersistentVolumeClaim 1, Service 1" << 0 << 0;
        QTest::addRow("traefik-whoami")
            << "traefik-whoami"
            << "Ingress 5, Service 5, Gateway 4, Deployment 3, IngressClass 3, IngressRoute 2, Middleware 2, "
               "TraefikService 2, GatewayClass 1, HTTPRoute 1, Namespace 1, Secret 1, TCPRoute 1, TLSRoute 1"
            << 0 << 0;
        QTest::addRow("voting-app") << "voting-app"
                                    << "Deployment 5, Service 4" << 0 << 0;
    }

    void setLoads()
    {
        QFETCH(QString, set);
        QFETCH(QString, kinds);
        QFETCH(int, parseErrors);
        QFETCH(int, notObjects);
        if (!QFileInfo(set).isDir()) {
            QSKIP(qPrintable(QStringLiteral("corpus set missing: ") + set));
        }
        const LoadResult result = ManifestLoader::loadPaths({set});
        const Snapshot snapshot = result.toSnapshot();
        QCOMPARE(kindsText(snapshot.documentsByKind()), kindsText(parseKinds(kinds)));
        QCOMPARE(countIssues(result.issues, LoadIssue::Type::ParseError), parseErrors);
        QCOMPARE(countIssues(result.issues, LoadIssue::Type::NotAnObject), notObjects);
        QCOMPARE(countIssues(result.issues, LoadIssue::Type::Unreadable), 0);
        for (const KubeObject &o : result.objects) {
            QVERIFY2(o.location.file.startsWith(set + u'/'), qPrintable(o.location.file));
            QVERIFY2(o.location.line > 0, qPrintable(o.location.display()));
        }
    }

    void externalDns_parseErrorAtTemplatePlaceholder()
    {
        const LoadResult result = ManifestLoader::loadPaths({QStringLiteral("external-dns-snippets")});
        QList<LoadIssue> errors;
        for (const LoadIssue &issue : result.issues) {
            if (issue.type == LoadIssue::Type::ParseError) {
                errors.append(issue);
            }
        }
        QCOMPARE(errors.size(), 1);
        // Line 7: `external-dns.kubernetes.io/target: {{ Elastic-IP-address }}` in the first document.
        QCOMPARE(
            errors.first().location.display(), QStringLiteral("external-dns-snippets/exoscale/how-to-test.yaml:7"));
        // Documents 2 and 3 of that file still load.
        const Snapshot snapshot = result.toSnapshot();
        QVERIFY(snapshot.service(QStringLiteral("default"), QStringLiteral("nginx")));
        QVERIFY(snapshot.workload(QStringLiteral("Deployment"), QStringLiteral("default"), QStringLiteral("nginx")));
    }

    void ingressNginxTwice_gives19Duplicates()
    {
        const Snapshot snapshot = ManifestLoader::loadPaths(
            {QStringLiteral("ingress-nginx-cloud"), QStringLiteral("ingress-nginx-baremetal")})
                                      .toSnapshot();
        QCOMPARE(countIssues(snapshot.issues(), LoadIssue::Type::Duplicate), 19);
        QCOMPARE(snapshot.issues().size(), 19);
        QCOMPARE(snapshot.objects().size(), 19);
    }

    void istioBookinfo_gatewaysStayApart()
    {
        const Snapshot snapshot = ManifestLoader::loadPaths({QStringLiteral("istio-bookinfo")}).toSnapshot();
        QCOMPARE(countIssues(snapshot.issues(), LoadIssue::Type::Duplicate), 0);
        QCOMPARE(snapshot.gateways().size(), 1);
        QCOMPARE(snapshot.unknownKinds().value(QStringLiteral("Gateway.networking.istio.io")), 1);
    }

    void wholeCorpus_loadsInOneGo()
    {
        QElapsedTimer timer;
        timer.start();
        const LoadResult result = ManifestLoader::loadPaths({QStringLiteral(".")});
        const qint64 elapsed = timer.elapsed();
        qInfo("whole corpus: %d files, %lld objects in %lld ms", result.files,
            static_cast<long long>(result.objects.size()), static_cast<long long>(elapsed));
        QCOMPARE(countIssues(result.issues, LoadIssue::Type::ParseError), 1);
        QCOMPARE(countIssues(result.issues, LoadIssue::Type::Unreadable), 0);
        // Relative to the folder given: "." disappears from the names.
        QVERIFY(!result.objects.isEmpty());
        QVERIFY2(
            !result.objects.first().location.file.startsWith(u'.'), qPrintable(result.objects.first().location.file));
    }

    void argoCd_loadsQuickly()
    {
        QElapsedTimer timer;
        timer.start();
        const LoadResult result = ManifestLoader::loadPaths({QStringLiteral("argo-cd-install/install.yaml")});
        const qint64 elapsed = timer.elapsed();
        qInfo("argo-cd-install: %lld objects in %lld ms", static_cast<long long>(result.objects.size()),
            static_cast<long long>(elapsed));
        QCOMPARE(result.objects.size(), 59);
        // Generous: the suite shares a small machine with builds; around 0.25 s of CPU when idle.
        QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
    }
};

QTEST_GUILESS_MAIN(CorpusTest)
#include "corpus_test.moc"
