#include "export/rendercommand.h"
#include "export/sceneexport.h"
#include "graph/graphscene.h"
#include "graph/legend.h"
#include "scenefixture.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace routemap;

namespace {

int inkPixels(const QImage &image)
{
    int ink = 0;
    for (int y = 0; y < image.height(); ++y) {
        const QRgb *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            if (qRed(line[x]) < 235 || qGreen(line[x]) < 235 || qBlue(line[x]) < 235) {
                ++ink;
            }
        }
    }
    return ink;
}

QByteArray readAll(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class ExportTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static void buildShop(GraphScene &scene)
    {
        const Topology topology = fixture::shopTopology();
        scene.setGraph(topology, fixture::columnLayout(topology, scene.layoutOptions(topology, false)));
        scene.setFindings(fixture::shopFindings());
        scene.setInternalDimmed(true);
    }

    // Keeps a copy of each picture for people to look at when ROUTEMAP_SCREENSHOTS names a folder.
    static void keep(const QString &fileName)
    {
        const QString folder = qEnvironmentVariable("ROUTEMAP_SCREENSHOTS");
        if (!folder.isEmpty()) {
            const QString target = QDir(folder).filePath(QStringLiteral("scene-") + QFileInfo(fileName).fileName());
            QFile::remove(target);
            QFile::copy(fileName, target);
        }
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void png_isNotBlankAndScales()
    {
        GraphScene scene;
        buildShop(scene);
        const QString one = m_dir.filePath(QStringLiteral("shop.png"));
        const QString two = m_dir.filePath(QStringLiteral("shop@2x.png"));
        QString error;
        QVERIFY2(exportScene(scene, one, 1.0, &error), qPrintable(error));
        QVERIFY2(exportScene(scene, two, 2.0, &error), qPrintable(error));
        keep(two);
        const QImage image(one);
        const QImage big(two);
        QVERIFY(!image.isNull());
        QVERIFY(qAbs(big.width() - 2 * image.width()) <= 2);
        const QRectF content = scene.contentRect();
        QVERIFY(image.width() >= content.width() + 2 * 24 - 1);
        // White margins, ink in the middle.
        QCOMPARE(QColor(image.pixel(2, 2)), QColor(Qt::white));
        const int ink = inkPixels(image);
        QVERIFY2(ink > image.width() * image.height() / 60, qPrintable(QString::number(ink)));
        // The error colour appears somewhere (the broken Ingress and its edge).
        bool red = false;
        for (int y = 0; y < image.height() && !red; ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (c.red() > 190 && c.green() < 70 && c.blue() < 70) {
                    red = true;
                    break;
                }
            }
        }
        QVERIFY(red);
    }

    // A map too large for one PNG is refused before any painting, with what to do instead.
    void sizeCheck_refusesHugePngUpFront_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<double>("scale");
        QTest::addColumn<bool>("fits");
        QTest::addRow("png at 1") << QStringLiteral("png") << 1.0 << false;
        QTest::addRow("png at 0.05") << QStringLiteral("png") << 0.05 << true;
        QTest::addRow("svg") << QStringLiteral("svg") << 1.0 << true;
        QTest::addRow("pdf") << QStringLiteral("pdf") << 1.0 << true;
    }

    void sizeCheck_refusesHugePngUpFront()
    {
        QFETCH(QString, suffix);
        QFETCH(double, scale);
        QFETCH(bool, fits);
        GraphScene scene;
        const Topology topology = fixture::shopTopology();
        LayoutOptions options = scene.layoutOptions(topology, false);
        // Cards the size of a city block: about 12,000 points a side once laid out in columns.
        for (auto it = options.nodeSizes.begin(); it != options.nodeSizes.end(); ++it) {
            *it = QSizeF(2000, 2500);
        }
        scene.setGraph(topology, fixture::columnLayout(topology, options));
        ExportOptions exportOptions;
        exportOptions.scale = scale;
        const QString fileName = m_dir.filePath(QStringLiteral("huge.") + suffix);
        QString message;
        QCOMPARE(exportSizeCheck(scene, fileName, exportOptions, &message), fits);
        if (fits) {
            QVERIFY(message.isEmpty());
            return;
        }
        const QSize size = exportImageSize(scene, exportOptions);
        QVERIFY(static_cast<qint64>(size.width()) * size.height() > maxPngPixels);
        QVERIFY2(message.contains(QStringLiteral("--namespace")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("megapixels")), qPrintable(message));
        QVERIFY2(message.contains(QString::number(size.width())), qPrintable(message));
        // exportScene runs the same check and writes nothing.
        QString error;
        QVERIFY(!exportScene(scene, fileName, exportOptions, &error));
        QCOMPARE(error, message);
        QVERIFY(!QFileInfo::exists(fileName));
        QVERIFY(renderSceneImage(scene, exportOptions).isNull());
    }

    void sizeCheck_passesOrdinaryMaps()
    {
        GraphScene scene;
        buildShop(scene);
        QString message = QStringLiteral("untouched");
        QVERIFY(exportSizeCheck(scene, QStringLiteral("x.png"), ExportOptions {}, &message));
        QCOMPARE(message, QStringLiteral("untouched"));
        const QSize size = exportImageSize(scene, ExportOptions {});
        QVERIFY(size.width() > scene.contentRect().width() && size.height() > scene.contentRect().height());
    }

    void png_withoutLegendIsSmallerOrEqual()
    {
        GraphScene scene;
        buildShop(scene);
        ExportOptions with;
        ExportOptions without;
        without.legend = false;
        const QImage a = renderSceneImage(scene, with);
        const QImage b = renderSceneImage(scene, without);
        QVERIFY(a.height() >= b.height());
        QVERIFY(inkPixels(a) > inkPixels(b));
    }

    void selection_isNotExported()
    {
        GraphScene scene;
        buildShop(scene);
        const QImage plain = renderSceneImage(scene);
        scene.selectNode(QStringLiteral("svc/shop/web"));
        const QImage selected = renderSceneImage(scene);
        QCOMPARE(selected, plain);
        QVERIFY(scene.nodeItem(QStringLiteral("svc/shop/web"))->isSelected());
    }

    void svg_containsTitles()
    {
        GraphScene scene;
        buildShop(scene);
        const QString fileName = m_dir.filePath(QStringLiteral("shop.svg"));
        QString error;
        QVERIFY2(exportScene(scene, fileName, 1.0, &error), qPrintable(error));
        keep(fileName);
        const QByteArray svg = readAll(fileName);
        QVERIFY(svg.contains("<svg"));
        QVERIFY(svg.contains("<title>Routemap traffic map</title>"));
        for (const char *title : {"storefront", "ingress-nginx-controller", "payments", "INGRESS &amp; ROUTES"}) {
            QVERIFY2(svg.contains(title), title);
        }
    }

    void pdf_startsWithPdfMagic()
    {
        GraphScene scene;
        buildShop(scene);
        const QString fileName = m_dir.filePath(QStringLiteral("shop.pdf"));
        QString error;
        QVERIFY2(exportScene(scene, fileName, 1.0, &error), qPrintable(error));
        keep(fileName);
        const QByteArray pdf = readAll(fileName);
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY(pdf.size() > 2000);
    }

    void unknownSuffix_fails()
    {
        GraphScene scene;
        buildShop(scene);
        QString error;
        QVERIFY(!exportScene(scene, m_dir.filePath(QStringLiteral("shop.bmpx")), 1.0, &error));
        QVERIFY(error.contains(QStringLiteral(".png")));
        QVERIFY(!exportScene(scene, QStringLiteral("/nonexistent-folder/x.png"), 1.0, &error));
        QVERIFY(error.contains(QStringLiteral("/nonexistent-folder/x.png")));
    }

    void emptyScene_exportsAPlainPicture()
    {
        GraphScene scene;
        const QString fileName = m_dir.filePath(QStringLiteral("empty.png"));
        QString error;
        QVERIFY2(exportScene(scene, fileName, 1.0, &error), qPrintable(error));
        QVERIFY(!QImage(fileName).isNull());
    }

    void renderCommand_wrongArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addRow("nothing") << QStringList();
        QTest::addRow("no output") << QStringList {QStringLiteral("some.yaml")};
        QTest::addRow("no input") << QStringList {QStringLiteral("-o"), QStringLiteral("x.png")};
        QTest::addRow("bad suffix") << QStringList {
            QStringLiteral("a.yaml"), QStringLiteral("-o"), QStringLiteral("x.gif")};
        QTest::addRow("bad scale") << QStringList {QStringLiteral("a.yaml"), QStringLiteral("-o"),
            QStringLiteral("x.png"), QStringLiteral("--scale"), QStringLiteral("zero")};
        QTest::addRow("unknown option") << QStringList {
            QStringLiteral("a.yaml"), QStringLiteral("-o"), QStringLiteral("x.png"), QStringLiteral("--frobnicate")};
        QTest::addRow("nothing loadable") << QStringList {
            QStringLiteral(ROUTEMAP_TEST_DATA "/ui/unparsable.yaml"), QStringLiteral("-o"), QStringLiteral("x.png")};
        QTest::addRow("missing path") << QStringList {
            QStringLiteral("/nonexistent/manifests"), QStringLiteral("-o"), QStringLiteral("x.png")};
    }

    void renderCommand_wrongArguments()
    {
        QFETCH(QStringList, arguments);
        QCOMPARE(runRenderCommand(arguments), 2);
    }

    void renderCommand_corpus_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("suffix");
        QTest::addRow("guestbook png") << QStringLiteral("guestbook") << QStringLiteral("png");
        QTest::addRow("online-boutique png") << QStringLiteral("online-boutique") << QStringLiteral("png");
        QTest::addRow("ingress-nginx-examples svg")
            << QStringLiteral("ingress-nginx-examples") << QStringLiteral("svg");
        QTest::addRow("istio-bookinfo pdf") << QStringLiteral("istio-bookinfo") << QStringLiteral("pdf");
        QTest::addRow("traefik-whoami dot") << QStringLiteral("traefik-whoami") << QStringLiteral("dot");
    }

    void renderCommand_corpus()
    {
        QFETCH(QString, set);
        QFETCH(QString, suffix);
        const QString input = QStringLiteral(ROUTEMAP_CORPUS "/") + set;
        if (!QFileInfo::exists(input)) {
            QSKIP("corpus not available");
        }
        const QString output = m_dir.filePath(set + u'.' + suffix);
        QCOMPARE(
            runRenderCommand({input, QStringLiteral("-o"), output, QStringLiteral("--scale"), QStringLiteral("1.5")}),
            0);
        keep(output);
        const QByteArray data = readAll(output);
        QVERIFY(!data.isEmpty());
        if (suffix == u"png") {
            const QImage image(output);
            QVERIFY(!image.isNull());
            QVERIFY(inkPixels(image) > image.width() * image.height() / 50);
        } else if (suffix == u"svg") {
            QVERIFY(data.contains("<svg"));
        } else if (suffix == u"pdf") {
            QVERIFY(data.startsWith("%PDF"));
        } else {
            QVERIFY(data.contains("digraph"));
            QVERIFY(data.contains("pos="));
        }
    }
};

QTEST_MAIN(ExportTest)
#include "export_test.moc"
