//! The standard gRPC services beside the API: health checking (grpc.health.v1) and server
//! reflection, in both protocols clients speak (grpc.reflection.v1 and the older
//! grpc.reflection.v1alpha, the only one Python's grpcio-reflection knows), which need no key.

use prost::Message;
use tokio_stream::StreamExt;
use tonic::{Code, Status};
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_reflection::pb::v1::ServerReflectionRequest;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
use tonic_reflection::pb::v1alpha;

use crossrota_tests::TestApp;

use crate::support::{both_backends, ok, refused};

/// The RPCs of crossrota.v1.PassportService, as the proto file declares them.
const RPCS: [&str; 26] = [
    "CreateOrganisation",
    "UpdateOrganisation",
    "GetOrganisation",
    "ListOrganisations",
    "CreateNetwork",
    "UpdateNetwork",
    "GetNetwork",
    "ListNetworks",
    "CreateStaff",
    "UpdateStaff",
    "GetStaff",
    "ListStaff",
    "ListCredentials",
    "SetValidityOverride",
    "RecordFact",
    "RevokeFact",
    "GetPassport",
    "DefineProfile",
    "GetProfile",
    "ListProfiles",
    "CreateAgreement",
    "ListAgreements",
    "Verify",
    "VerifyMany",
    "ListExpiring",
    "ListAuditLog",
];

/// The services every reflection client must see listed, whichever protocol it speaks.
const SERVICES: [&str; 5] = [
    "crossrota.v1.PassportService",
    "crossrota.v1.RosterService",
    "grpc.health.v1.Health",
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
];

/// Sends one reflection request and returns the one response (or the status the stream
/// ended with).
async fn reflect(app: &TestApp, request: MessageRequest) -> Result<MessageResponse, Status> {
    let mut client = ServerReflectionClient::new(app.channel().await);
    let outbound = tokio_stream::once(ServerReflectionRequest {
        host: String::new(),
        message_request: Some(request),
    });
    let mut inbound = ok(client.server_reflection_info(outbound).await);
    match inbound.next().await {
        Some(Ok(response)) => match response.message_response {
            Some(m) => Ok(m),
            None => panic!("reflection response without a message"),
        },
        Some(Err(status)) => Err(status),
        None => panic!("reflection stream ended without a response"),
    }
}

/// The response to a reflection request that must succeed.
async fn reflect_ok(app: &TestApp, request: MessageRequest) -> MessageResponse {
    match reflect(app, request).await {
        Ok(m) => m,
        Err(status) => panic!("reflection failed: {status}"),
    }
}

/// The file descriptors of a reflection response.
fn descriptors(response: MessageResponse) -> Vec<prost_types::FileDescriptorProto> {
    let MessageResponse::FileDescriptorResponse(files) = response else {
        panic!("expected file descriptors, got {response:?}");
    };
    decode_files(&files.file_descriptor_proto)
}

/// Encoded file descriptors, decoded.
fn decode_files(encoded: &[Vec<u8>]) -> Vec<prost_types::FileDescriptorProto> {
    encoded
        .iter()
        .map(
            |bytes| match prost_types::FileDescriptorProto::decode(bytes.as_slice()) {
                Ok(fd) => fd,
                Err(e) => panic!("undecodable file descriptor: {e}"),
            },
        )
        .collect()
}

/// The service names listed through grpc.reflection.v1, sorted.
async fn list_services_v1(app: &TestApp) -> Vec<String> {
    let MessageResponse::ListServicesResponse(list) =
        reflect_ok(app, MessageRequest::ListServices(String::new())).await
    else {
        panic!("expected a service list");
    };
    let mut names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    names.sort();
    names
}

/// Sends one request through grpc.reflection.v1alpha and returns the one response.
async fn reflect_v1alpha(
    app: &TestApp,
    request: v1alpha::server_reflection_request::MessageRequest,
) -> v1alpha::server_reflection_response::MessageResponse {
    let mut client =
        v1alpha::server_reflection_client::ServerReflectionClient::new(app.channel().await);
    let outbound = tokio_stream::once(v1alpha::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(request),
    });
    let mut inbound = ok(client.server_reflection_info(outbound).await);
    match inbound.next().await {
        Some(Ok(response)) => match response.message_response {
            Some(m) => m,
            None => panic!("v1alpha reflection response without a message"),
        },
        Some(Err(status)) => panic!("v1alpha reflection failed: {status}"),
        None => panic!("v1alpha reflection stream ended without a response"),
    }
}

/// The service names listed through grpc.reflection.v1alpha, sorted.
async fn list_services_v1alpha(app: &TestApp) -> Vec<String> {
    use v1alpha::server_reflection_request::MessageRequest;
    use v1alpha::server_reflection_response::MessageResponse;
    let MessageResponse::ListServicesResponse(list) =
        reflect_v1alpha(app, MessageRequest::ListServices(String::new())).await
    else {
        panic!("expected a service list");
    };
    let mut names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    names.sort();
    names
}

both_backends! {
    /// The server reports SERVING overall and for the passport service; an unknown service is
    /// NOT_FOUND.
    async fn health_reports_serving(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let mut health = HealthClient::new(app.channel().await);
        for service in ["", "crossrota.v1.PassportService"] {
            let reply = ok(health
                .check(HealthCheckRequest {
                    service: service.into(),
                })
                .await);
            assert_eq!(
                reply.status,
                ServingStatus::Serving as i32,
                "service {service:?}"
            );
        }
        refused(
            health
                .check(HealthCheckRequest {
                    service: "crossrota.v1.NoSuchService".into(),
                })
                .await,
            Code::NotFound,
        );
    }

    /// Reflection lists the passport service and the health service, and serves the file that
    /// declares the passport service with every RPC of the contract.
    async fn reflection_describes_the_api(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let MessageResponse::ListServicesResponse(list) =
            reflect_ok(&app, MessageRequest::ListServices(String::new())).await
        else {
            panic!("expected a service list");
        };
        let names: Vec<&str> = list.service.iter().map(|s| s.name.as_str()).collect();
        assert!(names.contains(&"crossrota.v1.PassportService"), "{names:?}");
        assert!(names.contains(&"grpc.health.v1.Health"), "{names:?}");

        let files = descriptors(
            reflect_ok(
                &app,
                MessageRequest::FileContainingSymbol("crossrota.v1.PassportService".into()),
            )
            .await,
        );
        let file = files
            .iter()
            .find(|f| f.service.iter().any(|s| s.name() == "PassportService"));
        let Some(file) = file else {
            panic!(
                "no file declares PassportService: {:?}",
                files.iter().map(|f| f.name()).collect::<Vec<_>>()
            );
        };
        assert_eq!(file.package(), "crossrota.v1");
        assert_eq!(file.name(), "crossrota/v1/passport_service.proto");
        let methods: Vec<&str> = file
            .service
            .iter()
            .flat_map(|s| s.method.iter().map(|m| m.name()))
            .collect();
        assert_eq!(methods, RPCS.to_vec());

        // Message types resolve too, to the shared file.
        let common = descriptors(
            reflect_ok(
                &app,
                MessageRequest::FileContainingSymbol("crossrota.v1.CredentialFact".into()),
            )
            .await,
        );
        assert!(
            common
                .iter()
                .any(|f| f.message_type.iter().any(|m| m.name() == "CredentialFact")),
            "{:?}",
            common.iter().map(|f| f.name()).collect::<Vec<_>>()
        );

        match reflect(
            &app,
            MessageRequest::FileContainingSymbol("crossrota.v1.Nope".into()),
        )
        .await
        {
            Err(status) => assert_eq!(status.code(), Code::NotFound, "{status}"),
            Ok(MessageResponse::ErrorResponse(e)) => {
                assert_eq!(e.error_code, Code::NotFound as i32)
            }
            Ok(other) => panic!("expected NOT_FOUND for an unknown symbol, got {other:?}"),
        }
    }

    /// Both reflection protocols are served and list the same services: the API, health and
    /// the two reflection services themselves. A v1alpha client can also resolve the API's
    /// symbols, which is what grpcio-reflection and similar tools do next.
    async fn reflection_lists_services_through_v1_and_v1alpha(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let v1 = list_services_v1(&app).await;
        let alpha = list_services_v1alpha(&app).await;
        for service in SERVICES {
            assert!(v1.iter().any(|s| s == service), "v1 lacks {service}: {v1:?}");
            assert!(
                alpha.iter().any(|s| s == service),
                "v1alpha lacks {service}: {alpha:?}"
            );
        }
        assert_eq!(v1, alpha, "the two protocols list different services");

        use v1alpha::server_reflection_request::MessageRequest as AlphaRequest;
        use v1alpha::server_reflection_response::MessageResponse as AlphaResponse;
        let AlphaResponse::FileDescriptorResponse(files) = reflect_v1alpha(
            &app,
            AlphaRequest::FileContainingSymbol("crossrota.v1.RosterService".into()),
        )
        .await
        else {
            panic!("expected file descriptors through v1alpha");
        };
        let files = decode_files(&files.file_descriptor_proto);
        assert!(
            files.iter().any(|f| f.name() == "crossrota/v1/roster_service.proto"
                && f.service.iter().any(|s| s.name() == "RosterService")),
            "{:?}",
            files.iter().map(|f| f.name()).collect::<Vec<_>>()
        );
    }
}
