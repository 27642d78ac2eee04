// The selection and controller helpers the diagnostics rules share: which workloads a Service selects
// (Pods over templates, owners resolved, controller-added labels), and which ingress controllers are loaded.
#include "diagnostics/controllers.h"
#include "sources/manifestloader.h"

#include <QTest>

using namespace routemap;
using namespace routemap::rules;

namespace {

Snapshot load(const char *name)
{
    return ManifestLoader::loadPaths({QStringLiteral(ROUTEMAP_TEST_DATA "/selection/") + QLatin1String(name)})
        .toSnapshot();
}

QString refsText(const QList<SelectedWorkload> &selection)
{
    QStringList parts;
    for (const SelectedWorkload &s : selection) {
        parts.append(s.ref().display() + (s.viaTemplate ? QStringLiteral(" (template)") : QString()));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace

class SelectionTest : public QObject
{
    Q_OBJECT

private slots:
    void selectedBy_data();
    void selectedBy();
    void ingressControllers_recognisesByImageAndClass();
};

void SelectionTest::selectedBy_data()
{
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::addRow("pods over templates, ReplicaSet resolved to Deployment, bare pod apart")
        << QStringLiteral("shop") << QStringLiteral("web") << QStringLiteral("Deployment shop/web; Pod shop/debug");
    QTest::addRow("statefulset pod-name matched offline to its StatefulSet only")
        << QStringLiteral("shop") << QStringLiteral("db-1") << QStringLiteral("StatefulSet shop/db (template)");
    QTest::addRow("other namespace selects nothing")
        << QStringLiteral("tools") << QStringLiteral("other-ns") << QString();
    QTest::addRow("ExternalName selects nothing") << QStringLiteral("shop") << QStringLiteral("alias") << QString();
}

void SelectionTest::selectedBy()
{
    QFETCH(QString, ns);
    QFETCH(QString, name);
    QFETCH(QString, expected);
    const Snapshot snapshot = load("workloads.yaml");
    const Service *service = snapshot.service(ns, name);
    QVERIFY(service);
    QCOMPARE(refsText(rules::selectedBy(snapshot, *service)), expected);
}

void SelectionTest::ingressControllers_recognisesByImageAndClass()
{
    const Snapshot snapshot = load("controllers.yaml");
    const QList<ControllerInfo> controllers = ingressControllers(snapshot);
    QCOMPARE(controllers.size(), 2);
    QCOMPARE(controllers.at(0).className, QStringLiteral("nginx"));
    QVERIFY(controllers.at(0).ingressClass);
    QCOMPARE(controllers.at(0).workloads.size(), 1); // the admission Job is not the controller
    QCOMPARE(controllers.at(0).workloads.first()->ref().name, QStringLiteral("ingress-nginx-controller"));
    QCOMPARE(controllers.at(0).services.size(), 1);
    QCOMPARE(controllers.at(1).className, QStringLiteral("traefik")); // implied: no IngressClass loaded
    QVERIFY(!controllers.at(1).ingressClass);
    QCOMPARE(controllers.at(1).family, QStringLiteral("traefik"));
    QCOMPARE(controllers.at(1).workloads.size(), 1); // traefik/whoami is an app, not the controller
    const Service *lb = snapshot.service(QStringLiteral("ingress-nginx"), QStringLiteral("ingress-nginx-controller"));
    QVERIFY(lb);
    QVERIFY(frontsIngressController(snapshot, *lb));
    QVERIFY(!frontsGateway(snapshot, *lb));
}

QTEST_GUILESS_MAIN(SelectionTest)
#include "selection_test.moc"
