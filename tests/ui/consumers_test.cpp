// check, render and the window are consumers of one engine: on every corpus set (and the demo) they report the
// same findings, and the map shows the same ones.
#include "commands/checkcommand.h"
#include "engine/runner.h"
#include "commands/sourceoptions.h"
#include "export/rendercommand.h"
#include "graph/graphscene.h"
#include "window/documentcontroller.h"
#include "window/mainwindow.h"

#include "windowfixture.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTextStream>

using namespace routemap;
using namespace routemap::testing;

namespace {

const QString corpus = QStringLiteral(ROUTEMAP_CORPUS);

QString key(const QString &code, const QString &severity, const QString &kind, const QString &ns, const QString &name)
{
    return severity + u' ' + code + u' ' + kind + u'/' + ns + u'/' + name;
}

QStringList keys(const QList<Finding> &findings)
{
    QStringList out;
    for (const Finding &f : findings) {
        out.append(key(f.code, severityName(f.severity), f.object.kind, f.object.ns, f.object.name));
    }
    out.sort();
    return out;
}

QStringList checkKeys(const QString &path, bool *ok)
{
    QString outText;
    QString errText;
    QTextStream out(&outText);
    QTextStream err(&errText);
    const int code = runCheckCommand({QStringLiteral("--format"), QStringLiteral("json"), path}, out, err);
    out.flush();
    *ok = code == 0 || code == 1;
    QStringList result;
    const QJsonArray findings = QJsonDocument::fromJson(outText.toUtf8()).object().value(QStringLiteral("findings")).toArray();
    for (const QJsonValue &v : findings) {
        const QJsonObject f = v.toObject();
        const QJsonObject o = f.value(QStringLiteral("object")).toObject();
        result.append(key(f.value(QStringLiteral("code")).toString(), f.value(QStringLiteral("severity")).toString(),
                          o.value(QStringLiteral("kind")).toString(), o.value(QStringLiteral("namespace")).toString(),
                          o.value(QStringLiteral("name")).toString()));
    }
    result.sort();
    return result;
}

} // namespace

class ConsumersTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        isolateSettings(m_settingsDir, QStringLiteral("consumers_test"));
    }

    void sameFindingsEverywhere_data()
    {
        QTest::addColumn<QString>("path");
        if (!QFileInfo::exists(corpus)) {
            QSKIP("the corpus (../shared/corpus) is not beside the repository");
        }
        const QDir dir(corpus);
        for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            QTest::addRow("%s", qPrintable(name)) << dir.filePath(name);
        }
    }

    void sameFindingsEverywhere()
    {
        QFETCH(QString, path);
        bool ok = false;
        const QStringList fromCheck = checkKeys(path, &ok);
        QVERIFY(ok);

        // render: the engine's analysis drawn as `render` draws it.
        SourceSpec spec;
        spec.paths = {path};
        const AnalysisPtr analysis = AnalysisRunner::runOnce(createSource(spec), {});
        QVERIFY(analysis);
        GraphScene scene;
        drawAnalysis(scene, *analysis, false);
        QCOMPARE(keys(scene.findings()), fromCheck);

        // The window, with its table and map.
        MainWindow window;
        window.show();
        window.openPaths({path});
        QTRY_VERIFY_WITH_TIMEOUT(!window.scene()->nodeItems().isEmpty() && !window.document()->isBusy(), loadTimeoutMs);
        QCOMPARE(keys(window.document()->findings()), fromCheck);
        QCOMPARE(keys(window.scene()->findings()), fromCheck);
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(ConsumersTest)
#include "consumers_test.moc"
