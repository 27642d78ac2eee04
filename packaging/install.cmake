# Install rules for the desktop integration files, and the Debian package (cpack -G DEB).
# The binary's own install rule lives in app/CMakeLists.txt.
include(GNUInstallDirs)

set(ROUTEMAP_APP_ID org.routemap.Routemap)

install(FILES ${CMAKE_CURRENT_LIST_DIR}/${ROUTEMAP_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/${ROUTEMAP_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
# Desktop environments look the icon up by the name the .desktop file gives, which is the app id.
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/routemap.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${ROUTEMAP_APP_ID}.svg)

set(CPACK_PACKAGE_NAME routemap)
set(CPACK_PACKAGE_VENDOR "Routemap developers")
set(CPACK_PACKAGE_CONTACT "Routemap developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_INSTALL_DIRECTORY routemap)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Routemap developers")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Routemap reads Kubernetes manifests and draws how outside traffic reaches the pods:\n\
load balancer or NodePort, ingress controller, Ingress rule, Service, pods.\nBroken links stay visible on the map.")
# Listed by hand (Debian 12 names) so that building the package needs no dpkg-shlibdeps. The SVG
# plugins are in libqt6svg6; the xcb and offscreen platform plugins in qt6-qpa-plugins and libqt6gui6.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libqt6core6, libqt6gui6, libqt6widgets6, libqt6svg6, libqt6charts6, qt6-qpa-plugins, \
libyaml-cpp0.7, libgvc6, libcgraph6, libcurl4, fonts-dejavu-core")

include(CPack)
