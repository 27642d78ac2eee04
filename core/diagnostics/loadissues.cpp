#include "diagnostics/rules.h"
#include "diagnostics/selection.h"

#include <QFileInfo>

namespace routemap::rules {

void checkLoadIssues(FindingSink &sink)
{
    for (const LoadIssue &issue : sink.snapshot().issues()) {
        Finding f;
        f.location = issue.location;
        if (issue.type == LoadIssue::Type::Duplicate) {
            f.code = QStringLiteral("duplicate-object");
            f.severity = Severity::Warning;
            f.object = issue.object;
            f.related.append(issue.object);
            f.message = QStringLiteral("%1 is defined twice: at %2 and again at %3; the first definition is used")
                            .arg(issue.object.display(), issue.previous.display(), issue.location.display());
            f.hint = QStringLiteral("Remove one definition, or rename one of them: kubectl apply would let the later "
                                    "one silently replace the earlier");
            f.kubectl = QStringLiteral("kubectl get ") + kubectlResource(issue.object) + u' ' + issue.object.name
                + kubectlNamespace(issue.object.ns) + QStringLiteral(" -o yaml");
        } else {
            // A document that could not be read has no identity: the file stands in for it.
            f.code = QStringLiteral("manifest-parse-error");
            f.severity = Severity::Error;
            f.object.kind = QStringLiteral("File");
            f.object.name = QFileInfo(issue.location.file).fileName();
            if (f.object.name.isEmpty()) {
                f.object.name = issue.location.file.isEmpty() ? QStringLiteral("<input>") : issue.location.file;
            }
            const QString where = issue.location.isValid() ? issue.location.display() : f.object.name;
            f.message = where + QStringLiteral(": ")
                + (issue.message.isEmpty() ? QStringLiteral("the document could not be read") : issue.message);
            f.hint = issue.type == LoadIssue::Type::NotAnObject
                ? QStringLiteral("Each document must be a Kubernetes object (a mapping with apiVersion and "
                                 "kind); the other documents were loaded")
                : QStringLiteral("Fix the syntax (render templates such as {{ }} first, e.g. with helm "
                                 "template); the other documents were loaded");
            f.kubectl = QStringLiteral("kubectl apply --dry-run=client -f ")
                + (issue.location.file.isEmpty() ? QStringLiteral("<file>") : issue.location.file);
        }
        sink.addRaw(f);
    }
}

} // namespace routemap::rules
