// `routemap check` end to end, in process: exit codes, JSON shape, text lines, stdin.
#include "commands/checkcommand.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTextStream>

using namespace routemap;

namespace {

const QString dataDir = QStringLiteral(ROUTEMAP_TEST_DATA "/check/");

struct Result {
    int code = -1;
    QString out;
    QString err;
};

Result run(const QStringList &args, QIODevice *input = nullptr)
{
    Result r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = runCheckCommand(args, out, err, input);
    out.flush();
    err.flush();
    return r;
}

// The documented shape of one object reference.
void verifyRef(const QJsonValue &value)
{
    QVERIFY(value.isObject());
    const QJsonObject o = value.toObject();
    QVERIFY(o.value(QStringLiteral("kind")).isString());
    QVERIFY(o.value(QStringLiteral("name")).isString());
    if (o.contains(QStringLiteral("namespace"))) {
        QVERIFY(o.value(QStringLiteral("namespace")).isString());
    }
}

} // namespace

class CheckCommandTest : public QObject
{
    Q_OBJECT

private slots:
    void exitCodes_data();
    void exitCodes();
    void json_hasDocumentedShape();
    void text_oneLinePerFindingWithLocation();
    void stdin_isRead();
};

void CheckCommandTest::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("expected");
    const QString broken = dataDir + QStringLiteral("broken.yaml");
    const QString healthy = dataDir + QStringLiteral("healthy.yaml");
    QTest::addRow("healthy") << QStringList{healthy} << 0;
    QTest::addRow("error finding") << QStringList{broken} << 1;
    QTest::addRow("fail-on none") << QStringList{QStringLiteral("--fail-on"), QStringLiteral("none"), broken} << 0;
    QTest::addRow("fail-on info, healthy") << QStringList{QStringLiteral("--fail-on"), QStringLiteral("info"), healthy}
                                           << 0;
    QTest::addRow("missing file") << QStringList{dataDir + QStringLiteral("does-not-exist.yaml")} << 2;
    QTest::addRow("no paths") << QStringList{} << 2;
    QTest::addRow("bad format") << QStringList{QStringLiteral("--format"), QStringLiteral("xml"), healthy} << 2;
    QTest::addRow("bad severity") << QStringList{QStringLiteral("--fail-on"), QStringLiteral("fatal"), healthy} << 2;
    QTest::addRow("unknown option") << QStringList{QStringLiteral("--frobnicate"), healthy} << 2;
}

void CheckCommandTest::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, expected);
    const Result r = run(args);
    QVERIFY2(r.code == expected, qPrintable(QStringLiteral("exit %1, stdout:\n%2\nstderr:\n%3").arg(r.code).arg(r.out, r.err)));
    if (expected == 2) {
        QVERIFY2(!r.err.trimmed().isEmpty(), "exit 2 must say why");
    }
}

void CheckCommandTest::json_hasDocumentedShape()
{
    const Result r = run({QStringLiteral("--format"), QStringLiteral("json"), dataDir + QStringLiteral("broken.yaml")});
    QCOMPARE(r.code, 1);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject root = doc.object();
    const QJsonObject source = root.value(QStringLiteral("source")).toObject();
    QCOMPARE(source.value(QStringLiteral("kind")).toString(), QStringLiteral("manifests"));
    QCOMPARE(source.value(QStringLiteral("complete")).toBool(true), false);
    QCOMPARE(source.value(QStringLiteral("objects")).toInt(), 2);

    const QJsonArray findings = root.value(QStringLiteral("findings")).toArray();
    QVERIFY(!findings.isEmpty());
    bool sawSelectsNothing = false;
    for (const QJsonValue &v : findings) {
        const QJsonObject f = v.toObject();
        for (const char *key : {"code", "severity", "message", "hint", "kubectl"}) {
            QVERIFY2(f.value(QLatin1String(key)).isString(), key);
            QVERIFY2(!f.value(QLatin1String(key)).toString().isEmpty(), key);
        }
        QVERIFY(QStringList({QStringLiteral("error"), QStringLiteral("warning"), QStringLiteral("info")})
                    .contains(f.value(QStringLiteral("severity")).toString()));
        verifyRef(f.value(QStringLiteral("object")));
        QVERIFY(f.value(QStringLiteral("related")).isArray());
        for (const QJsonValue &rel : f.value(QStringLiteral("related")).toArray()) {
            verifyRef(rel);
        }
        const QJsonObject location = f.value(QStringLiteral("location")).toObject();
        QVERIFY(location.value(QStringLiteral("file")).toString().endsWith(QLatin1String("broken.yaml")));
        QVERIFY(location.value(QStringLiteral("line")).toInt() > 0);
        if (f.value(QStringLiteral("code")).toString() == QLatin1String("service-selects-nothing")) {
            sawSelectsNothing = true;
            QCOMPARE(f.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
            const QJsonObject object = f.value(QStringLiteral("object")).toObject();
            QCOMPARE(object.value(QStringLiteral("kind")).toString(), QStringLiteral("Service"));
            QCOMPARE(object.value(QStringLiteral("namespace")).toString(), QStringLiteral("shop"));
            QCOMPARE(object.value(QStringLiteral("name")).toString(), QStringLiteral("checkout"));
            QCOMPARE(location.value(QStringLiteral("line")).toInt(), 23);
        }
    }
    QVERIFY(sawSelectsNothing);
    const QJsonObject summary = root.value(QStringLiteral("summary")).toObject();
    QVERIFY(summary.value(QStringLiteral("error")).toInt() >= 1);
    QVERIFY(summary.value(QStringLiteral("warning")).isDouble());
    QVERIFY(summary.value(QStringLiteral("info")).isDouble());
}

void CheckCommandTest::text_oneLinePerFindingWithLocation()
{
    const Result r = run({dataDir + QStringLiteral("broken.yaml")});
    QCOMPARE(r.code, 1);
    const QStringList lines = r.out.split(u'\n');
    const auto match = std::find_if(lines.begin(), lines.end(), [](const QString &l) {
        return l.contains(QLatin1String(": error: service-selects-nothing: Service shop/checkout: "));
    });
    QVERIFY2(match != lines.end(), qPrintable(r.out));
    QVERIFY(match->startsWith(dataDir + QStringLiteral("broken.yaml:23: ")));
    QVERIFY(lines.contains(QStringLiteral("# namespace shop")));
    QVERIFY(r.out.contains(QLatin1String(" in 2 objects")));
}

void CheckCommandTest::stdin_isRead()
{
    QFile file(dataDir + QStringLiteral("broken.yaml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QBuffer buffer;
    buffer.setData(file.readAll());
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const Result r = run({QStringLiteral("-")}, &buffer);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.out.contains(QLatin1String("<stdin>:23: error: service-selects-nothing")), qPrintable(r.out));
}

QTEST_GUILESS_MAIN(CheckCommandTest)
#include "checkcommand_test.moc"
