// --format asff: every document meets AWS's documented required fields and limits, ids are
// stable, controls become RelatedRequirements, and text over a limit is clipped, not refused.

import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import {
  ASFF_BATCH,
  asffFinding,
  asffResourceType,
  productArnOf,
  renderAsff,
  sourceOfFinding,
  type AsffFinding,
} from '../../reports/asff.js';
import { readSnapshot, DEMO_SNAPSHOT } from '../../src/cli.js';
import { complianceOf } from '../../src/engine/compliance.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadFrameworks } from '../../src/pipeline/frameworks.js';
import { addSg, emptySnapshot, world } from '../helpers/builder.js';
import { errorsOf, validateAsff } from '../helpers/schemas.js';

const demo = () => evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);

describe('ASFF', () => {
  it('writes one valid document per open and suppressed finding, each under 240 KB, with stable ids', () => {
    const report = demo();
    const docs = JSON.parse(renderAsff(report)) as AsffFinding[];
    expect(docs).toHaveLength(report.findings.length + report.suppressedFindings.length);
    for (const d of docs) {
      expect(validateAsff(d), `${d.Id}: ${errorsOf(validateAsff)}`).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(d))).toBeLessThan(240 * 1024);
    }
    expect(new Set(docs.map((d) => d.Id)).size).toBe(docs.length);
    const again = JSON.parse(renderAsff(demo())) as AsffFinding[];
    expect(again.map((d) => d.Id)).toEqual(docs.map((d) => d.Id));
    expect(docs[0]!.ProductArn).toBe(productArnOf('aws', report.scan.regions[0]!, report.scan.accountId));
    expect(docs[0]).toMatchObject({ GeneratorId: report.findings[0]!.checkId, RecordState: 'ACTIVE', Workflow: { Status: 'NEW' } });
    expect(docs[0]!.ProductFields['incloud/priority']).toBe('1');
    // A batch of BatchImportFindings is 100 documents at most.
    expect(ASFF_BATCH).toBe(100);
  });

  it("maps each check's framework controls onto Compliance.RelatedRequirements", () => {
    const report = demo();
    const ssh = report.findings.find((f) => f.checkId === 'ec2.sg-ssh-open-internet')!;
    // From the report's verdicts: SSH open to 0.0.0.0/0 only fails the IPv4 control, not CIS 6.4 (IPv6).
    const v4 = emptySnapshot();
    addSg(v4, 'sg-v4', [world(22)]);
    const v4Report = evaluate(v4, CHECKS);
    v4Report.compliance = complianceOf(v4Report, loadFrameworks());
    const fromReport = (JSON.parse(renderAsff(v4Report)) as AsffFinding[]).find((d) => d.GeneratorId === 'ec2.sg-ssh-open-internet')!;
    expect(fromReport.Compliance.RelatedRequirements).toContain('CIS AWS Foundations Benchmark v7.0.0/6.3');
    expect(fromReport.Compliance.RelatedRequirements).not.toContain('CIS AWS Foundations Benchmark v7.0.0/6.4');
    const doc = asffFinding(
      sourceOfFinding(ssh, 'open', report.scan.collectedAt),
      'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default',
      report.generatedAt,
    );
    expect(doc.Compliance.Status).toBe('FAILED');
    expect(doc.Compliance.RelatedRequirements).toEqual(
      expect.arrayContaining(['CIS AWS Foundations Benchmark v7.0.0/6.3', 'AWS Foundational Security Best Practices v1.0.0/EC2.19']),
    );
    expect(doc.Types).toContain('Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark');
    expect(doc.Resources).toEqual([{ Type: 'AwsEc2SecurityGroup', Id: ssh.resource.arn, Partition: 'aws', Region: ssh.resource.region }]);
  });

  it('clips text at the documented limits, and names resource types from the ARN', () => {
    const report = demo();
    const f = { ...report.findings[0]!, title: 't'.repeat(400), message: 'm'.repeat(5000) };
    f.remediation = { ...f.remediation, summary: 's'.repeat(900) };
    const doc = asffFinding(
      sourceOfFinding(f, 'suppressed', report.scan.collectedAt),
      productArnOf('aws', 'eu-west-1', '123456789012'),
      report.generatedAt,
    );
    expect(validateAsff(doc), errorsOf(validateAsff)).toBe(true);
    expect([doc.Title.length, doc.Description.length, doc.Remediation.Recommendation.Text.length]).toEqual([256, 1024, 512]);
    expect(doc.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(asffResourceType('arn:aws:iam::123456789012:role/app')).toBe('AwsIamRole');
    expect(asffResourceType('arn:aws:s3:::bucket')).toBe('AwsS3Bucket');
    expect(asffResourceType('arn:aws-us-gov:ec2:us-gov-west-1:123456789012:instance/i-1')).toBe('AwsEc2Instance');
    expect(asffResourceType('arn:aws:iam::123456789012:root')).toBe('AwsAccount');
    expect(asffResourceType('arn:aws:iam::123456789012:server-certificate/x')).toBe('Other');
  });

  it('a resolved finding is archived and passes; one not re-assessed stays active with a warning', () => {
    const report = demo();
    const base = sourceOfFinding(report.findings[3]!, 'open', report.scan.collectedAt);
    const product = productArnOf('aws', 'us-east-1', '123456789012');
    expect(asffFinding({ ...base, status: 'resolved' }, product, report.generatedAt)).toMatchObject({
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' },
    });
    const unknown = asffFinding({ ...base, status: 'unknown' }, product, report.generatedAt);
    expect(unknown).toMatchObject({ RecordState: 'ACTIVE', Compliance: { Status: 'WARNING' } });
    expect(unknown.Workflow).toBeUndefined();
  });
});
