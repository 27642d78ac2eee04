#pragma once

// The objects of tests/live/fixtures/protocol.json (namespace "proto") and small helpers over the control
// channel, shared by the protocol and controller tests of the test API server.

#include "testapiserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace routemap::testing {

inline const QString protocolNamespace = QStringLiteral("proto");

inline bool replyOk(const QJsonObject &reply)
{
    if (!reply.value(QStringLiteral("ok")).toBool()) {
        qWarning("control reply: %s", QJsonDocument(reply).toJson(QJsonDocument::Compact).constData());
        return false;
    }
    return true;
}

inline bool applyProtocolFixture(TestApiServer &server)
{
    const QString path = TestApiServer::scriptDir() + QStringLiteral("/../live/fixtures/protocol.json");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s", qPrintable(path));
        return false;
    }
    const QJsonArray objects
        = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("items")).toArray();
    return !objects.isEmpty()
        && replyOk(server.command(QStringLiteral("apply"), {{QStringLiteral("objects"), objects}}));
}

inline QString nameOf(const QJsonValue &object)
{
    return object[QStringLiteral("metadata")][QStringLiteral("name")].toString();
}

// Objects of one kind in namespace "proto", through the control channel.
inline QJsonArray listObjects(
    TestApiServer &server, const QString &apiVersion, const QString &kind, const QString &selector = {})
{
    QJsonObject cmd {{QStringLiteral("apiVersion"), apiVersion}, {QStringLiteral("kind"), kind},
        {QStringLiteral("namespace"), protocolNamespace}};
    if (!selector.isEmpty()) {
        cmd.insert(QStringLiteral("labelSelector"), selector);
    }
    return server.command(QStringLiteral("list"), cmd).value(QStringLiteral("items")).toArray();
}

inline QJsonObject getObject(TestApiServer &server, const QString &apiVersion, const QString &kind, const QString &name)
{
    return server
        .command(QStringLiteral("get"),
            {{QStringLiteral("apiVersion"), apiVersion}, {QStringLiteral("kind"), kind},
                {QStringLiteral("namespace"), protocolNamespace}, {QStringLiteral("name"), name}})
        .value(QStringLiteral("object"))
        .toObject();
}

// The one EndpointSlice of a Service in "proto" (empty when there is not exactly one).
inline QJsonObject sliceOf(TestApiServer &server, const QString &service)
{
    const QJsonArray slices = listObjects(server, QStringLiteral("discovery.k8s.io/v1"),
        QStringLiteral("EndpointSlice"), QStringLiteral("kubernetes.io/service-name=") + service);
    return slices.size() == 1 ? slices.first().toObject() : QJsonObject();
}

} // namespace routemap::testing
