// Privilege-escalation action sets (see docs/checks.md, iam.principal-privilege-escalation). Every action of a set is required, on any
// target of its kind (see probeResource): grants scoped to named roles or users are not counted.

import { evaluate, type PolicySet } from './iam.js';

export interface EscalationPath {
  id: string;
  actions: string[];
  yields: string;
}

export const ESCALATION_PATHS: EscalationPath[] = [
  { id: 'P01', actions: ['iam:CreatePolicyVersion'], yields: 'new default version of a managed policy' },
  { id: 'P02', actions: ['iam:SetDefaultPolicyVersion'], yields: 'switch to a more permissive policy version' },
  { id: 'P03', actions: ['iam:CreateAccessKey'], yields: 'access keys for any user' },
  { id: 'P05', actions: ['iam:CreateLoginProfile'], yields: 'console password for any user' },
  { id: 'P06', actions: ['iam:UpdateLoginProfile'], yields: "reset any user's console password" },
  { id: 'P07', actions: ['iam:AttachUserPolicy'], yields: 'attach AdministratorAccess to a user' },
  { id: 'P08', actions: ['iam:AttachGroupPolicy'], yields: 'attach AdministratorAccess to a group' },
  { id: 'P09', actions: ['iam:AttachRolePolicy'], yields: 'attach AdministratorAccess to a role' },
  { id: 'P10', actions: ['iam:PutUserPolicy'], yields: 'inline admin policy on a user' },
  { id: 'P11', actions: ['iam:PutGroupPolicy'], yields: 'inline admin policy on a group' },
  { id: 'P12', actions: ['iam:PutRolePolicy'], yields: 'inline admin policy on a role' },
  { id: 'P13', actions: ['iam:AddUserToGroup'], yields: 'join an admin group' },
  { id: 'P14', actions: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], yields: "rewrite a privileged role's trust and assume it" },
  { id: 'P21', actions: ['iam:DeleteUserPermissionsBoundary'], yields: 'remove a permissions boundary' },
  { id: 'P22', actions: ['iam:DeleteRolePermissionsBoundary', 'sts:AssumeRole'], yields: "remove a role's boundary and assume it" },
  { id: 'P26', actions: ['iam:PassRole', 'ec2:RunInstances'], yields: 'EC2 instance with a privileged instance profile' },
  {
    id: 'P28',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
    yields: 'Lambda function running as a privileged role',
  },
  {
    id: 'P30',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:AddPermission'],
    yields: 'Lambda function running as a privileged role',
  },
  { id: 'P31', actions: ['iam:PassRole', 'glue:CreateDevEndpoint'], yields: 'Glue dev endpoint with a privileged role' },
  { id: 'P32', actions: ['iam:PassRole', 'glue:CreateJob', 'glue:StartJobRun'], yields: 'Glue job with a privileged role' },
  { id: 'P34', actions: ['iam:PassRole', 'cloudformation:CreateStack'], yields: 'CloudFormation stack with a privileged service role' },
  {
    id: 'P37',
    actions: ['iam:PassRole', 'codebuild:CreateProject', 'codebuild:StartBuild'],
    yields: 'CodeBuild project with a privileged role',
  },
  { id: 'P38', actions: ['iam:PassRole', 'sagemaker:CreateNotebookInstance'], yields: 'SageMaker notebook with a privileged role' },
  { id: 'P39', actions: ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:RunTask'], yields: 'ECS task with a privileged task role' },
  {
    id: 'P40',
    actions: ['iam:PassRole', 'autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'],
    yields: 'Auto Scaling instances with a privileged profile',
  },
  { id: 'P46', actions: ['lambda:UpdateFunctionCode'], yields: 'replace the code of a function that runs as a privileged role' },
  { id: 'P49', actions: ['cloudformation:UpdateStack'], yields: "reuse a stack's privileged service role" },
  {
    id: 'P51',
    actions: ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
    yields: 'user data runs as root on a privileged instance',
  },
  { id: 'P54', actions: ['ssm:SendCommand'], yields: 'run commands on an instance with a privileged profile' },
];

export interface EscalationMatch {
  id: string;
  actions: string[];
  yields: string;
  conditional: boolean;
}

const PROBE = 'incloud-any-target-7f3a';
const ROLE_ACTIONS =
  /^(iam:(PassRole|AttachRolePolicy|PutRolePolicy|UpdateAssumeRolePolicy|DeleteRolePermissionsBoundary)|sts:AssumeRole)$/i;
const USER_ACTIONS =
  /^iam:(CreateAccessKey|CreateLoginProfile|UpdateLoginProfile|AttachUserPolicy|PutUserPolicy|DeleteUserPermissionsBoundary)$/i;
const GROUP_ACTIONS = /^iam:(AttachGroupPolicy|PutGroupPolicy|AddUserToGroup)$/i;
const POLICY_ACTIONS = /^iam:(CreatePolicyVersion|SetDefaultPolicyVersion)$/i;

/**
 * An ARN standing for "any target" of an action: a grant on role/* or user/* matches it, a grant
 * on one named role does not (resource-scoped grants are not followed to their targets).
 */
export function probeResource(action: string, account: string, partition = 'aws'): string {
  const iam = `arn:${partition}:iam::${account}`;
  if (ROLE_ACTIONS.test(action)) return `${iam}:role/${PROBE}`;
  if (USER_ACTIONS.test(action)) return `${iam}:user/${PROBE}`;
  if (GROUP_ACTIONS.test(action)) return `${iam}:group/${PROBE}`;
  if (POLICY_ACTIONS.test(action)) return `${iam}:policy/${PROBE}`;
  const [svc = '', name = ''] = action.toLowerCase().split(':');
  const regional = (resource: string) => `arn:${partition}:${svc}:us-east-1:${account}:${resource}`;
  switch (svc) {
    case 's3':
      return /object|restore|multipart/.test(name) ? `arn:${partition}:s3:::${PROBE}/${PROBE}` : `arn:${partition}:s3:::${PROBE}`;
    case 'ssm':
      return /parameter/.test(name) ? regional(`parameter/${PROBE}`) : regional(`document/${PROBE}`);
    case 'secretsmanager':
      return regional(`secret:${PROBE}`);
    case 'kms':
      return regional(`key/${PROBE}`);
    case 'ec2':
      return /snapshot/.test(name)
        ? regional(`snapshot/${PROBE}`)
        : /securitygroup/.test(name)
          ? regional(`security-group/${PROBE}`)
          : regional(`instance/${PROBE}`);
    case 'lambda':
      return regional(`function:${PROBE}`);
    default:
      return regional(`${PROBE}/${PROBE}`);
  }
}

export function escalationPaths(set: PolicySet, account = '000000000000', partition = 'aws'): EscalationMatch[] {
  const out: EscalationMatch[] = [];
  for (const p of ESCALATION_PATHS) {
    const ds = p.actions.map((a) => evaluate(set, a, probeResource(a, account, partition)));
    if (ds.every((d) => d === 'allow' || d === 'conditional')) {
      out.push({ id: p.id, actions: p.actions, yields: p.yields, conditional: ds.some((d) => d === 'conditional') });
    }
  }
  return out;
}
