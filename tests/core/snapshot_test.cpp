// Snapshot construction and its lookups. The indexed lookups are compared with brute-force scans (the
// linear code they replaced) over every fixture and every corpus set.
#include "model/snapshot.h"
#include "sources/manifestloader.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QTest>

using namespace routemap;

namespace {

ObjectPtr makeObject(const char *json, int line)
{
    const QJsonObject body = QJsonDocument::fromJson(QByteArray(json)).object();
    return std::make_shared<const KubeObject>(KubeObject::fromJson(body, {QStringLiteral("in.json"), line}));
}

// --- the linear lookups the indexes replaced, kept here as the reference

const Workload *bruteWorkload(const Snapshot &s, const QString &kind, const QString &ns, const QString &name)
{
    for (const Workload &w : s.workloads()) {
        if (w.ref().kind == kind && w.ref().ns == ns && w.ref().name == name) {
            return &w;
        }
    }
    return nullptr;
}

QString parentKindOf(const QString &kind)
{
    if (kind == QLatin1String("ReplicaSet")) {
        return QStringLiteral("Deployment");
    }
    return kind == QLatin1String("Job") ? QStringLiteral("CronJob") : QString();
}

const Workload *bruteTopLevel(const Snapshot &s, const Workload *w)
{
    const QString parentKind = parentKindOf(w->ref().kind);
    if (parentKind.isEmpty()) {
        return w;
    }
    if (const OwnerReference *up = w->object->controllerOwner()) {
        const Workload *parent = up->kind == parentKind ? bruteWorkload(s, parentKind, w->ref().ns, up->name) : nullptr;
        return parent ? parent : w;
    }
    const qsizetype dash = w->ref().name.lastIndexOf(u'-');
    if (dash > 0 && w->ref().kind == QLatin1String("ReplicaSet")) {
        if (const Workload *parent = bruteWorkload(s, parentKind, w->ref().ns, w->ref().name.left(dash))) {
            return parent;
        }
    }
    return w;
}

const Workload *bruteOwnerOf(const Snapshot &s, const Pod &pod)
{
    const OwnerReference *owner = pod.object->controllerOwner();
    if (!owner) {
        return nullptr;
    }
    if (const Workload *direct = bruteWorkload(s, owner->kind, pod.ref().ns, owner->name)) {
        return bruteTopLevel(s, direct);
    }
    const QString parentKind = parentKindOf(owner->kind);
    const qsizetype dash = owner->name.lastIndexOf(u'-');
    return !parentKind.isEmpty() && dash > 0 ? bruteWorkload(s, parentKind, pod.ref().ns, owner->name.left(dash))
                                             : nullptr;
}

QList<const Pod *> brutePodsMatching(const Snapshot &s, const QString &ns, const Labels &selector)
{
    QList<const Pod *> out;
    for (const Pod &p : s.pods()) {
        if (p.ref().ns == ns && labelsContain(p.labels, selector)) {
            out.append(&p);
        }
    }
    return out;
}

QList<const Workload *> bruteWorkloadsMatching(const Snapshot &s, const QString &ns, const Labels &selector)
{
    QList<const Workload *> out;
    for (const Workload &w : s.workloads()) {
        if (w.ref().ns == ns && w.podTemplate.present && w.ref().kind != QLatin1String("CronJob")
            && labelsContain(w.podTemplate.labels, selector)) {
            out.append(&w);
        }
    }
    return out;
}

QList<const EndpointSet *> bruteEndpointsOf(const Snapshot &s, const QString &ns, const QString &name)
{
    QList<const EndpointSet *> out;
    for (const EndpointSet &e : s.endpointSets()) {
        if (e.ref().ns == ns && e.serviceName == name) {
            out.append(&e);
        }
    }
    return out;
}

// Every fixture and corpus set that loads, as (name, snapshot).
QList<std::pair<QString, Snapshot>> inputs()
{
    QList<std::pair<QString, Snapshot>> out;
    QDirIterator data(QStringLiteral(ROUTEMAP_TEST_DATA), {QStringLiteral("*.yaml"), QStringLiteral("*.json")},
        QDir::Files, QDirIterator::Subdirectories);
    QStringList files;
    while (data.hasNext()) {
        files.append(data.next());
    }
    files.sort();
    for (const QString &file : std::as_const(files)) {
        out.append({file, ManifestLoader::loadPaths({file}).toSnapshot()});
    }
    const QDir corpus(QStringLiteral(ROUTEMAP_CORPUS));
    for (const QString &set : corpus.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        out.append({set, ManifestLoader::loadPaths({corpus.filePath(set)}).toSnapshot()});
    }
    return out;
}

} // namespace

class SnapshotTest : public QObject
{
    Q_OBJECT

private slots:
    void buildSharesObjects();
    void indexesAgreeWithScans();
};

void SnapshotTest::buildSharesObjects()
{
    const ObjectPtr svc
        = makeObject(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop"},
                                        "spec":{"selector":{"app":"web"}}})",
            1);
    const ObjectPtr pod = makeObject(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop",
                                        "labels":{"app":"web"}}})",
        5);
    const ObjectPtr again
        = makeObject(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop"}})", 9);
    const Snapshot snapshot = Snapshot::build(QList<ObjectPtr> {svc, pod, again});

    QCOMPARE(snapshot.objects().size(), 2);
    // The same instances, not copies.
    QCOMPARE(snapshot.objects().at(0).get(), svc.get());
    QCOMPARE(snapshot.objects().at(1).get(), pod.get());
    QVERIFY(snapshot.service(QStringLiteral("shop"), QStringLiteral("web")));
    QCOMPARE(snapshot.service(QStringLiteral("shop"), QStringLiteral("web"))->object.get(), svc.get());
    QCOMPARE(snapshot.pods().size(), 1);
    QCOMPARE(snapshot.pods().first().object.get(), pod.get());
    QCOMPARE(snapshot.podsMatching(QStringLiteral("shop"), {{QStringLiteral("app"), QStringLiteral("web")}}).size(), 1);
    // The later identity is a Duplicate issue, as with the KubeObject overload.
    QCOMPARE(snapshot.issues().size(), 1);
    QCOMPARE(snapshot.issues().first().type, LoadIssue::Type::Duplicate);
    QCOMPARE(snapshot.issues().first().location.line, 9);
    QCOMPARE(snapshot.issues().first().previous.line, 1);
    QCOMPARE(snapshot.documentsByKind().value(QStringLiteral("Service")), 2);
}

void SnapshotTest::indexesAgreeWithScans()
{
    const QList<std::pair<QString, Snapshot>> all = inputs();
    QVERIFY(all.size() > 20);
    int services = 0;
    int pods = 0;
    int owned = 0;
    for (const auto &[name, s] : all) {
        for (const Service &svc : s.services()) {
            const QString &ns = svc.ref().ns;
            QCOMPARE(s.service(ns, svc.ref().name), &svc);
            QVERIFY(s.podsMatching(ns, svc.selector) == brutePodsMatching(s, ns, svc.selector));
            QVERIFY(s.workloadsMatching(ns, svc.selector) == bruteWorkloadsMatching(s, ns, svc.selector));
            QVERIFY(s.endpointsOf(ns, svc.ref().name) == bruteEndpointsOf(s, ns, svc.ref().name));
            ++services;
        }
        for (const Pod &p : s.pods()) {
            const Workload *owner = bruteOwnerOf(s, p);
            QVERIFY2(s.ownerOf(p) == owner, qPrintable(name + u' ' + p.ref().display()));
            if (owner) {
                QVERIFY(s.podsOf(owner).contains(&p));
                ++owned;
            }
            // A single label of the Pod selects at least the Pod itself.
            for (auto it = p.labels.begin(); it != p.labels.end(); ++it) {
                const Labels one {{it.key(), it.value()}};
                QVERIFY(s.podsMatching(p.ref().ns, one) == brutePodsMatching(s, p.ref().ns, one));
            }
            ++pods;
        }
        for (const Workload &w : s.workloads()) {
            QCOMPARE(s.workload(w.ref().kind, w.ref().ns, w.ref().name),
                bruteWorkload(s, w.ref().kind, w.ref().ns, w.ref().name));
            const Workload *top = bruteTopLevel(s, &w);
            QCOMPARE(s.topLevel(&w), top);
            QCOMPARE(s.ownedWorkloads(&w).contains(&w), false);
            if (top != &w) {
                QVERIFY(s.ownedWorkloads(top).contains(&w));
            }
            QVERIFY(s.workloadsMatching(w.ref().ns, w.podTemplate.labels)
                == bruteWorkloadsMatching(s, w.ref().ns, w.podTemplate.labels));
        }
        for (const Secret &secret : s.secrets()) {
            QCOMPARE(s.secret(secret.ref().ns, secret.ref().name), &secret);
        }
        for (const Namespace &n : s.namespaces()) {
            QCOMPARE(s.namespaceObject(n.ref().name), &n);
            QCOMPARE(
                s.namespaceLabels(n.ref().name).value(QStringLiteral("kubernetes.io/metadata.name")), n.ref().name);
        }
        for (const Gateway &g : s.gateways()) {
            QCOMPARE(s.gateway(g.ref().ns, g.ref().name), &g);
        }
        for (const IngressClass &c : s.ingressClasses()) {
            QCOMPARE(s.ingressClass(c.ref().name), &c);
        }
        for (const GatewayClass &c : s.gatewayClasses()) {
            QCOMPARE(s.gatewayClass(c.ref().name), &c);
        }
        QCOMPARE(s.service(QStringLiteral("no-such-namespace"), QStringLiteral("x")), nullptr);
        QVERIFY(s.podsIn(QStringLiteral("no-such-namespace")).isEmpty());
    }
    // The comparison covered real ground.
    QVERIFY(services > 100);
    QVERIFY(pods > 10);
    QVERIFY(owned > 5);
}

QTEST_GUILESS_MAIN(SnapshotTest)
#include "snapshot_test.moc"
