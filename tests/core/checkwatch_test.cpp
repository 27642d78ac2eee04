// `routemap check --watch` as a process: the full report first, then one line per change of the findings with
// time, findings, summary, added and removed; new files in new subfolders are seen; text lines are timestamped.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "../support/processlines.h"
#include "../support/testfiles.h"

using namespace routemap::testing;

namespace {

const QString checkData = QStringLiteral(ROUTEMAP_TEST_DATA "/check/");
constexpr int timeoutMs = 15000;

QStringList codes(const QJsonArray &findings)
{
    QStringList out;
    for (const QJsonValue &v : findings) {
        out.append(v.toObject().value(QStringLiteral("code")).toString());
    }
    return out;
}

} // namespace

class CheckWatchTest : public QObject
{
    Q_OBJECT

private slots:
    void jsonLinesCarryAddedAndRemoved()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(writeFile(dir.filePath(QStringLiteral("app.yaml")), readFile(checkData + QStringLiteral("healthy.yaml"))));
        QProcess process;
        process.setProgram(QStringLiteral(ROUTEMAP_BINARY));
        process.setArguments({QStringLiteral("check"), QStringLiteral("--watch"), QStringLiteral("--format"),
                              QStringLiteral("json"), dir.path()});
        process.start();
        QVERIFY(process.waitForStarted());
        ProcessLines lines(&process);

        // The full report first.
        QTRY_VERIFY_WITH_TIMEOUT(lines.count() >= 1, timeoutMs);
        const QJsonObject report = lines.json(0);
        QVERIFY(report.value(QStringLiteral("findings")).isArray());
        QVERIFY(codes(report.value(QStringLiteral("findings")).toArray()).isEmpty());
        QVERIFY(report.value(QStringLiteral("summary")).isObject());
        QVERIFY(QDateTime::fromString(report.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs).isValid());

        // A broken manifest in a new subfolder: one line with it under "added".
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("overlay/prod")));
        const QString broken = dir.filePath(QStringLiteral("overlay/prod/broken.yaml"));
        QVERIFY(writeFile(broken, readFile(checkData + QStringLiteral("broken.yaml"))));
        QTRY_VERIFY_WITH_TIMEOUT(lines.count() >= 2, timeoutMs);
        const QJsonObject added = lines.json(1);
        QVERIFY(QDateTime::fromString(added.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs).isValid());
        QCOMPARE(codes(added.value(QStringLiteral("added")).toArray()), QStringList {QStringLiteral("service-selects-nothing")});
        QVERIFY(added.value(QStringLiteral("removed")).toArray().isEmpty());
        QCOMPARE(added.value(QStringLiteral("summary")).toObject().value(QStringLiteral("error")).toInt(), 1);
        QCOMPARE(codes(added.value(QStringLiteral("findings")).toArray()), QStringList {QStringLiteral("service-selects-nothing")});

        // Fixed again: it leaves under "removed".
        QVERIFY(QFile::remove(broken));
        QTRY_VERIFY_WITH_TIMEOUT(lines.count() >= 3, timeoutMs);
        const QJsonObject removed = lines.json(2);
        QVERIFY(removed.value(QStringLiteral("added")).toArray().isEmpty());
        QCOMPARE(codes(removed.value(QStringLiteral("removed")).toArray()),
                 QStringList {QStringLiteral("service-selects-nothing")});
        QVERIFY(codes(removed.value(QStringLiteral("findings")).toArray()).isEmpty());

        process.kill();
        process.waitForFinished();
    }

    void textLinesAreTimestamped()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("app.yaml"));
        QVERIFY(writeFile(file, readFile(checkData + QStringLiteral("healthy.yaml"))));
        QProcess process;
        process.setProgram(QStringLiteral(ROUTEMAP_BINARY));
        process.setArguments({QStringLiteral("check"), QStringLiteral("--watch"), file});
        process.start();
        QVERIFY(process.waitForStarted());
        ProcessLines lines(&process);
        QTRY_VERIFY_WITH_TIMEOUT(lines.count() >= 2, timeoutMs);
        QVERIFY2(lines.at(0).contains(QLatin1String("watching")), qPrintable(lines.at(0)));
        const int before = lines.count();
        QVERIFY(writeFile(file, readFile(checkData + QStringLiteral("broken.yaml"))));
        QTRY_VERIFY_WITH_TIMEOUT(lines.count() >= before + 2, timeoutMs);
        const QRegularExpression added(QStringLiteral(R"(^\[\d\d:\d\d:\d\d\] \+ .*error: service-selects-nothing)"));
        const QStringList all = lines.all();
        QVERIFY2(std::any_of(all.cbegin(), all.cend(), [&added](const QString &l) { return added.match(l).hasMatch(); }),
                 qPrintable(all.join(u'\n')));
        process.kill();
        process.waitForFinished();
    }

    void watchNeedsSomethingToWatch()
    {
        QProcess process;
        process.start(QStringLiteral(ROUTEMAP_BINARY),
                      {QStringLiteral("check"), QStringLiteral("--watch"), QStringLiteral("/nonexistent/folder")});
        QVERIFY(process.waitForFinished(timeoutMs));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("/nonexistent/folder"));
    }
};

QTEST_GUILESS_MAIN(CheckWatchTest)
#include "checkwatch_test.moc"
