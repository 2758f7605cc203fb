// How findings name the resources of one account: ARN, CloudFormation type, a readable name,
// region and account. Pure.

import type { ResourceRef } from '../model/findings.js';
import type { Bucket, SecurityGroup } from '../model/snapshot.js';

export type Ec2Kind = 'security-group' | 'instance' | 'network-interface' | 'vpc' | 'subnet' | 'network-acl' | 'launch-template';
export type IamKind = 'user' | 'role' | 'group' | 'policy';

const EC2_TYPES: Record<Ec2Kind, string> = {
  'security-group': 'AWS::EC2::SecurityGroup',
  instance: 'AWS::EC2::Instance',
  'network-interface': 'AWS::EC2::NetworkInterface',
  vpc: 'AWS::EC2::VPC',
  subnet: 'AWS::EC2::Subnet',
  'network-acl': 'AWS::EC2::NetworkAcl',
  'launch-template': 'AWS::EC2::LaunchTemplate',
};

const IAM_TYPES: Record<IamKind, string> = {
  user: 'AWS::IAM::User',
  role: 'AWS::IAM::Role',
  group: 'AWS::IAM::Group',
  policy: 'AWS::IAM::ManagedPolicy',
};

export class ResourceRefs {
  constructor(
    readonly accountId: string,
    readonly partition: string,
  ) {}

  accountRef(): ResourceRef {
    return {
      arn: `arn:${this.partition}:iam::${this.accountId}:root`,
      type: 'AWS::::Account',
      name: this.accountId,
      region: 'global',
      accountId: this.accountId,
    };
  }

  ec2Ref(region: string, kind: Ec2Kind, id: string, name?: string): ResourceRef {
    return {
      arn: `arn:${this.partition}:ec2:${region}:${this.accountId}:${kind}/${id}`,
      type: EC2_TYPES[kind],
      name: name ? `${name} (${id})` : id,
      region,
      accountId: this.accountId,
    };
  }

  sgRef(region: string, sg: SecurityGroup): ResourceRef {
    return this.ec2Ref(region, 'security-group', sg.id, sg.name);
  }

  bucketRef(b: Bucket): ResourceRef {
    return {
      arn: b.arn,
      type: 'AWS::S3::Bucket',
      name: b.name,
      region: b.region.state === 'ok' ? b.region.value : 'unknown',
      accountId: this.accountId,
    };
  }

  iamRef(kind: IamKind, arn: string, name: string): ResourceRef {
    return { arn, type: IAM_TYPES[kind], name, region: 'global', accountId: this.accountId };
  }
}
