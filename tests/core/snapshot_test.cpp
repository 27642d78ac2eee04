// Snapshot construction and its lookups.
#include "model/snapshot.h"

#include <QJsonDocument>
#include <QTest>

using namespace routemap;

namespace {

ObjectPtr makeObject(const char *json, int line)
{
    const QJsonObject body = QJsonDocument::fromJson(QByteArray(json)).object();
    return std::make_shared<const KubeObject>(KubeObject::fromJson(body, {QStringLiteral("in.json"), line}));
}

} // namespace

class SnapshotTest : public QObject
{
    Q_OBJECT

private slots:
    void buildSharesObjects();
};

void SnapshotTest::buildSharesObjects()
{
    const ObjectPtr svc = makeObject(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop"},
                                        "spec":{"selector":{"app":"web"}}})",
                                     1);
    const ObjectPtr pod = makeObject(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop",
                                        "labels":{"app":"web"}}})",
                                     5);
    const ObjectPtr again = makeObject(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop"}})", 9);
    const Snapshot snapshot = Snapshot::build(QList<ObjectPtr>{svc, pod, again});

    QCOMPARE(snapshot.objects().size(), 2);
    // The same instances, not copies.
    QCOMPARE(snapshot.objects().at(0).get(), svc.get());
    QCOMPARE(snapshot.objects().at(1).get(), pod.get());
    QVERIFY(snapshot.service(QStringLiteral("shop"), QStringLiteral("web")));
    QCOMPARE(snapshot.service(QStringLiteral("shop"), QStringLiteral("web"))->object.get(), svc.get());
    QCOMPARE(snapshot.pods().size(), 1);
    QCOMPARE(snapshot.pods().first().object.get(), pod.get());
    // The later identity is a Duplicate issue, as with the KubeObject overload.
    QCOMPARE(snapshot.issues().size(), 1);
    QCOMPARE(snapshot.issues().first().type, LoadIssue::Type::Duplicate);
    QCOMPARE(snapshot.issues().first().location.line, 9);
    QCOMPARE(snapshot.issues().first().previous.line, 1);
    QCOMPARE(snapshot.documentsByKind().value(QStringLiteral("Service")), 2);
}

QTEST_GUILESS_MAIN(SnapshotTest)
#include "snapshot_test.moc"
