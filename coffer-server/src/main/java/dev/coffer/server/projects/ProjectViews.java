package dev.coffer.server.projects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coffer.server.store.Ids;
import java.util.List;

/** Response shapes for projects, environments, folders and memberships. */
final class ProjectViews {

    private ProjectViews() {}

    record EnvRef(String id, String name, String slug) {}

    record ProjectView(
            String id,
            @JsonProperty("_id") String legacyId,
            String name,
            String slug,
            String orgId,
            String description,
            String type,
            int version,
            int pitVersionLimit,
            String createdAt,
            String updatedAt,
            List<EnvRef> environments) {}

    record EnvironmentView(
            String id, String name, String slug, int position, String projectId, String createdAt, String updatedAt) {}

    record FolderView(
            String id,
            String name,
            int version,
            String envId,
            String parentId,
            String description,
            boolean isReserved,
            String lastSecretModified,
            String createdAt,
            String updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String path,
            @JsonInclude(JsonInclude.Include.NON_NULL) String relativePath) {}

    record FolderEnv(String envId, String envName, String envSlug) {}

    record FolderDetail(
            String id,
            String name,
            int version,
            String envId,
            String parentId,
            String description,
            boolean isReserved,
            String createdAt,
            String updatedAt,
            FolderEnv environment,
            String path,
            String projectId) {}

    record RoleView(
            String id,
            String role,
            String customRoleId,
            String customRoleName,
            String customRoleSlug,
            boolean isTemporary,
            String temporaryMode,
            String temporaryRange,
            String temporaryAccessStartTime,
            String temporaryAccessEndTime,
            String createdAt,
            String updatedAt) {}

    record MemberIdentity(String id, String name, List<String> authMethods) {}

    record ProjectRef(String id, String name) {}

    record MembershipView(
            String id,
            String identityId,
            String projectId,
            String createdAt,
            String updatedAt,
            List<RoleView> roles,
            MemberIdentity identity,
            ProjectRef project) {}

    static ProjectView of(Project p, List<Environment> envs) {
        return new ProjectView(
                p.id(),
                p.id(),
                p.name(),
                p.slug(),
                p.orgId(),
                p.description(),
                "secret-manager",
                1,
                10,
                Ids.iso(p.createdAt()),
                Ids.iso(p.updatedAt()),
                envs.stream().map(e -> new EnvRef(e.id(), e.name(), e.slug())).toList());
    }

    static EnvironmentView of(Environment e) {
        return new EnvironmentView(
                e.id(),
                e.name(),
                e.slug(),
                e.position(),
                e.projectId(),
                Ids.iso(e.createdAt()),
                Ids.iso(e.updatedAt()));
    }

    static FolderView of(FolderService.Located l, boolean withPath) {
        Folder f = l.folder();
        return new FolderView(
                f.id(),
                f.name(),
                f.version(),
                f.envId(),
                f.parentId(),
                f.description(),
                false,
                null,
                Ids.iso(f.createdAt()),
                Ids.iso(f.updatedAt()),
                withPath ? l.path().toString() : null,
                l.relativePath());
    }

    static FolderView plain(Folder f) {
        return new FolderView(
                f.id(),
                f.name(),
                f.version(),
                f.envId(),
                f.parentId(),
                f.description(),
                false,
                null,
                Ids.iso(f.createdAt()),
                Ids.iso(f.updatedAt()),
                null,
                null);
    }

    static FolderDetail of(FolderService.Found found) {
        Folder f = found.folder();
        Environment e = found.environment();
        return new FolderDetail(
                f.id(),
                f.name(),
                f.version(),
                f.envId(),
                f.parentId(),
                f.description(),
                false,
                Ids.iso(f.createdAt()),
                Ids.iso(f.updatedAt()),
                new FolderEnv(e.id(), e.name(), e.slug()),
                found.path().toString(),
                found.project().id());
    }

    static MembershipView of(MembershipService.Membership m) {
        String id = m.projectId() + ":" + m.identityId();
        return new MembershipView(
                id,
                m.identityId(),
                m.projectId(),
                Ids.iso(m.createdAt()),
                Ids.iso(m.updatedAt()),
                roles(m.roles()),
                new MemberIdentity(
                        m.identityId(), m.identityName(), m.authMethod() == null ? List.of() : List.of(m.authMethod())),
                new ProjectRef(m.projectId(), m.projectName()));
    }

    static List<RoleView> roles(List<dev.coffer.server.access.MembershipStore.RoleRow> roles) {
        return roles.stream()
                .map(r -> new RoleView(
                        r.id(),
                        r.role(),
                        r.customRoleId(),
                        r.customRoleName(),
                        r.customRoleSlug(),
                        r.temporary(),
                        r.temporaryMode(),
                        r.temporaryRange(),
                        r.temporaryStart() == null ? null : Ids.iso(r.temporaryStart()),
                        r.temporaryEnd() == null ? null : Ids.iso(r.temporaryEnd()),
                        Ids.iso(r.createdAt()),
                        Ids.iso(r.createdAt())))
                .toList();
    }
}
