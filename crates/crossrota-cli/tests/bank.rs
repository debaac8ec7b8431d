//! `crossrota bank ...` against a real `crossrota serve`: a bank office posts shifts from a
//! CSV file (a bad file posts nothing and names line and column), sees who may work a shift
//! and why not, books, and a home trust reads its nurse's commitments.

mod common;

use anyhow::Context;
use common::{
    Scratch, Server, create_key, crossrota, crossrota_run, day, define_profile, free_addr, org_id,
    run, staff_ids,
};
use crossrota_proto::crossrota::v1 as pb;
use pb::bank_service_client::BankServiceClient;

/// Two nurses of RWF: Ada with resuscitation training, Bob without.
fn staff_csv() -> String {
    let (registered, trained) = (day(400), day(-100));
    format!(
        "employee_number,full_name,staff_group,band,registration_body,registration_number,\
         registration_expires_on,credential_code,level,achieved_on,expires_on,evidence_ref\n\
         E100,Ada Lovelace,nursing_midwifery,5,NMC,12A3456E,{registered},CSTF-RES,2,{trained},,c\n\
         E200,Bob Carter,nursing_midwifery,5,NMC,12B3456E,{registered},CSTF-FS,1,{trained},,c\n"
    )
}

/// A night a month ahead, and a shift starting 9 h 30 after it ends.
fn shifts_csv(profile: i64) -> String {
    let (d1, d2, d3) = (day(30), day(31), day(32));
    format!(
        "site,ward,profile_id,band,start,end,headcount,rate_pence_per_hour,reason\n\
         MAID,HASU,{profile},5,{d1}T19:30,{d2}T07:30,1,2200,sickness\n\
         MAID,HASU,{profile},5,{d2}T17:00,{d3}T05:00,1,2200,vacancy\n"
    )
}

/// Sets up what the CLI has no subcommands for: a bank network, a site, a bank, members.
fn setup_bank(url: &str, key: &str, org: i64, profile: i64, members: &[i64]) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let channel = tonic::transport::Endpoint::from_shared(url.to_owned())?
            .connect()
            .await?;
        let bearer = common::Bearer(format!("Bearer {key}").parse()?);
        let mut passport = pb::passport_service_client::PassportServiceClient::with_interceptor(
            channel.clone(),
            bearer.clone(),
        );
        let network = passport
            .create_network(pb::CreateNetworkRequest {
                network: Some(pb::NetworkInput {
                    name: "Kent collaborative bank".into(),
                    kind: pb::NetworkKind::CollaborativeBank as i32,
                    member_org_ids: vec![org],
                }),
            })
            .await?
            .into_inner();
        let mut bank = BankServiceClient::with_interceptor(channel, bearer);
        bank.create_site(pb::CreateSiteRequest {
            code: "MAID".into(),
            name: "Maidstone".into(),
        })
        .await?;
        let b = bank
            .create_bank(pb::CreateBankRequest {
                network_id: network.id,
                own_trust_only: false,
                name: "K bank".into(),
            })
            .await?
            .into_inner();
        for staff in members {
            bank.join_bank(pb::JoinBankRequest {
                bank_id: b.id,
                staff_id: *staff,
                profile_ids: vec![profile],
                band: 5,
                travels_to_org_ids: vec![],
                weekly_cap_hours: None,
                opted_out_of_average: false,
            })
            .await?;
        }
        anyhow::Ok(())
    })
}

#[test]
fn a_bank_office_posts_finds_candidates_books_and_reads_commitments() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let db = scratch.db_url("bank.db");
    let key = create_key(&db, "RWF", &["admin", "verifier", "bank_office"])?;
    let csv = scratch.write("staff.csv", &staff_csv())?;
    crossrota_run(&[
        "import",
        "--org",
        "RWF",
        &csv.display().to_string(),
        "--database",
        &db,
    ])?
    .success()?;
    let addr = free_addr()?;
    let mut cmd = crossrota();
    cmd.args(["serve", "--listen", &addr.to_string(), "--database", &db]);
    let server = Server::start(cmd, addr, &scratch.path("serve.log"))?;
    let url = server.url();
    let org = org_id(&url, &key, "RWF")?;
    let ids = staff_ids(&url, &key, org)?;
    let (ada, bob) = (ids["E100"], ids["E200"]);
    let profile = define_profile(&url, &key, "HASU band 5 nurse", &[("CSTF-RES", 2)])?;
    setup_bank(&url, &key, org, profile, &[ada, bob]).context("setting up the bank")?;
    let client = |args: &[&str]| {
        let mut cmd = crossrota();
        cmd.args(args).args(["--server", &url, "--key", &key]);
        run(&mut cmd)
    };

    // A bad file posts nothing and names the line and column.
    let bad = scratch.write(
        "bad.csv",
        &shifts_csv(profile).replace(
            &format!("{}T05:00,1,2200", day(32)),
            &format!("{}T05:00,1,-5", day(31)),
        ),
    )?;
    let refused = client(&["bank", "post", &bad.display().to_string()])?.failure()?;
    assert!(
        refused.stderr.contains("nothing was posted"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("line 3, column end"),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .contains("line 3, column rate_pence_per_hour"),
        "{}",
        refused.stderr
    );
    let (from, to) = (day(0), day(60));
    let none = client(&["bank", "shifts", "--from", &from, "--to", &to])?.success()?;
    assert_eq!(
        none.stdout.lines().count(),
        1,
        "only the header: {}",
        none.stdout
    );

    let good = scratch.write("shifts.csv", &shifts_csv(profile))?;
    let posted = client(&["bank", "post", &good.display().to_string()])?.success()?;
    assert!(
        posted.stdout.contains("posted 2 shift(s)"),
        "{}",
        posted.stdout
    );
    let night: i64 = posted
        .stdout
        .lines()
        .find(|l| l.contains(&format!("{}T19:30", day(30))))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|id| id.parse().ok())
        .context("the night's id")?;

    let found = client(&["bank", "candidates", &night.to_string()])?.success()?;
    assert!(found.stdout.contains("1 eligible"), "{}", found.stdout);
    assert!(found.stdout.contains("Ada Lovelace"), "{}", found.stdout);
    let bob_line = found
        .stdout
        .lines()
        .find(|l| l.contains("Bob Carter"))
        .unwrap_or_default();
    assert!(bob_line.contains("CSTF-RES missing"), "{}", found.stdout);

    let booked = client(&[
        "bank",
        "book",
        &night.to_string(),
        "--staff",
        &ada.to_string(),
        "--request-key",
        "k1",
    ])?
    .success()?;
    assert!(booked.stdout.contains("booked"), "{}", booked.stdout);
    let clash = client(&[
        "bank",
        "book",
        &(night + 1).to_string(),
        "--staff",
        &ada.to_string(),
    ])?
    .failure()?;
    assert!(
        clash.stderr.contains("FailedPrecondition"),
        "{}",
        clash.stderr
    );
    assert!(
        clash.stderr.contains("only 9 h 30 rest"),
        "{}",
        clash.stderr
    );

    let mine = client(&[
        "bank",
        "commitments",
        "--staff",
        &ada.to_string(),
        "--from",
        &from,
        "--to",
        &to,
    ])?
    .success()?;
    assert!(
        mine.stdout.contains(&format!("{}T19:30", day(30))),
        "{}",
        mine.stdout
    );
    assert!(mine.stdout.contains("1 commitment(s)"), "{}", mine.stdout);
    Ok(())
}
