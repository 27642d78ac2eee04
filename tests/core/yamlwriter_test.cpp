#include "model/yamlwriter.h"
#include "sources/manifestloader.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace routemap;

namespace {

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(ROUTEMAP_TEST_DATA "/yamlwriter/") + name);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s", qPrintable(file.fileName()));
        return {};
    }
    return file.readAll();
}

QJsonObject readJson(const QString &name)
{
    return QJsonDocument::fromJson(readFixture(name)).object();
}

} // namespace

class YamlWriterTest : public QObject
{
    Q_OBJECT

private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addRow("service: key order, numbers, empty values") << QStringLiteral("service");
        QTest::addRow("configmap: strings that need quoting") << QStringLiteral("configmap");
    }

    void golden()
    {
        QFETCH(QString, fixture);
        const QJsonObject object = readJson(fixture + QStringLiteral(".json"));
        QVERIFY(!object.isEmpty());
        const QString expected = QString::fromUtf8(readFixture(fixture + QStringLiteral(".yaml")));
        QCOMPARE(toYaml(object), expected);
    }

    void scalarQuoting_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("line");
        QTest::addRow("port number as string") << QStringLiteral("8080") << QStringLiteral("v: \"8080\"");
        QTest::addRow("boolean word") << QStringLiteral("true") << QStringLiteral("v: \"true\"");
        QTest::addRow("yaml 1.1 boolean") << QStringLiteral("off") << QStringLiteral("v: \"off\"");
        QTest::addRow("empty") << QString() << QStringLiteral("v: \"\"");
        QTest::addRow("null word") << QStringLiteral("null") << QStringLiteral("v: \"null\"");
        QTest::addRow("float") << QStringLiteral("1.5e3") << QStringLiteral("v: \"1.5e3\"");
        QTest::addRow("octal") << QStringLiteral("0755") << QStringLiteral("v: \"0755\"");
        QTest::addRow("plain word") << QStringLiteral("nginx") << QStringLiteral("v: nginx");
        QTest::addRow("host name") << QStringLiteral("app.example.com") << QStringLiteral("v: app.example.com");
        QTest::addRow("image with tag") << QStringLiteral("nginx:1.25") << QStringLiteral("v: nginx:1.25");
        QTest::addRow("path") << QStringLiteral("/api") << QStringLiteral("v: /api");
    }

    void scalarQuoting()
    {
        QFETCH(QString, value);
        QFETCH(QString, line);
        const QString yaml = toYaml(QJsonObject {{QStringLiteral("v"), value}});
        QCOMPARE(yaml, line + u'\n');
    }

    void keyOrder()
    {
        const QJsonObject object = readJson(QStringLiteral("service.json"));
        const QStringList lines = toYaml(object).split(u'\n');
        QStringList topKeys;
        QStringList metadataKeys;
        bool inMetadata = false;
        for (const QString &line : lines) {
            if (!line.isEmpty() && !line.startsWith(u' ')) {
                topKeys << line.section(u':', 0, 0);
                inMetadata = line == QLatin1String("metadata:");
            } else if (inMetadata && line.startsWith(QLatin1String("  ")) && line.at(2) != u' ') {
                metadataKeys << line.mid(2).section(u':', 0, 0);
            }
        }
        QCOMPARE(topKeys,
            (QStringList {QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("metadata"),
                QStringLiteral("spec"), QStringLiteral("extra"), QStringLiteral("status")}));
        QCOMPARE(metadataKeys,
            (QStringList {QStringLiteral("name"), QStringLiteral("namespace"), QStringLiteral("labels"),
                QStringLiteral("annotations"), QStringLiteral("uid")}));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addRow("service") << QStringLiteral("service.json");
        QTest::addRow("configmap") << QStringLiteral("configmap.json");
    }

    // What the writer prints, the loader reads back to the same object.
    void roundTrip()
    {
        QFETCH(QString, fixture);
        const QJsonObject object = readJson(fixture);
        QVERIFY(!object.isEmpty());
        const LoadResult result = ManifestLoader::loadData(toYaml(object).toUtf8(), QStringLiteral("roundtrip.yaml"));
        QVERIFY2(result.issues.isEmpty(), qPrintable(result.issues.value(0).message));
        QCOMPARE(result.objects.size(), 1);
        QCOMPARE(QJsonDocument(result.objects.first().body).toJson(), QJsonDocument(object).toJson());
    }

    void emptyObject() { QCOMPARE(toYaml(QJsonObject {}), QStringLiteral("{}\n")); }
};

QTEST_GUILESS_MAIN(YamlWriterTest)
#include "yamlwriter_test.moc"
