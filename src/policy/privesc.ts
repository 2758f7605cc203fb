// Privilege-escalation action sets (see docs/checks.md, iam.principal-privilege-escalation). Every
// action of a set is required, on any target of its kind (see probeResource): grants scoped to
// named roles or users are not counted.

import { allowingStatement, evaluate, type Decision, type PolicySet, type Statement } from './iam.js';

export { OTHERS_ONLY, TARGET_DEPENDENT, TARGET_INVENTORY } from './privesc-targets.js';

export interface EscalationPath {
  id: string;
  /** Any one of these action sets (all of its actions required) opens the path. */
  variants: string[][];
  yields: string;
}

const PR = 'iam:PassRole';
const one = (...actions: string[]): string[][] => [actions];
const passTo = (...variants: string[][]): string[][] => variants.map((v) => [PR, ...v]);

/**
 * Every privilege-escalation path incloud knows, from Rhino Security Labs' list, PMapper's edges,
 * pathfinding.cloud and Prowler's combinations; "existing" paths need a privileged resource
 * (function, stack, instance, ...) to exist already, which this scan cannot see.
 */
export const ESCALATION_PATHS: EscalationPath[] = [
  // A. IAM identity and policy manipulation
  { id: 'P01', variants: one('iam:CreatePolicyVersion'), yields: 'new default version of a managed policy' },
  { id: 'P02', variants: one('iam:SetDefaultPolicyVersion'), yields: 'switch to a more permissive policy version' },
  { id: 'P03', variants: one('iam:CreateAccessKey'), yields: 'access keys for any user' },
  { id: 'P04', variants: one('iam:CreateAccessKey', 'iam:DeleteAccessKey'), yields: 'access keys for a user that already has two' },
  { id: 'P05', variants: one('iam:CreateLoginProfile'), yields: 'console password for any user' },
  { id: 'P06', variants: one('iam:UpdateLoginProfile'), yields: "reset any user's console password" },
  { id: 'P07', variants: one('iam:AttachUserPolicy'), yields: 'attach AdministratorAccess to a user' },
  { id: 'P08', variants: one('iam:AttachGroupPolicy'), yields: 'attach AdministratorAccess to a group' },
  { id: 'P09', variants: one('iam:AttachRolePolicy'), yields: 'attach AdministratorAccess to a role' },
  { id: 'P10', variants: one('iam:PutUserPolicy'), yields: 'inline admin policy on a user' },
  { id: 'P11', variants: one('iam:PutGroupPolicy'), yields: 'inline admin policy on a group' },
  { id: 'P12', variants: one('iam:PutRolePolicy'), yields: 'inline admin policy on a role' },
  { id: 'P13', variants: one('iam:AddUserToGroup'), yields: 'join an admin group' },
  { id: 'P14', variants: one('iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'), yields: "rewrite a privileged role's trust and assume it" },
  { id: 'P15', variants: one('iam:AttachUserPolicy', 'iam:CreateAccessKey'), yields: 'escalate another user, then take its keys' },
  { id: 'P16', variants: one('iam:CreatePolicyVersion', 'sts:AssumeRole'), yields: "change a role's policy, then assume the role" },
  { id: 'P17', variants: one('iam:PutUserPolicy', 'iam:CreateAccessKey'), yields: 'inline admin on another user, then take its keys' },
  { id: 'P18', variants: one('iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'), yields: 'escalate any role and make it assumable' },
  {
    id: 'P19',
    variants: one('iam:CreatePolicyVersion', 'iam:UpdateAssumeRolePolicy'),
    yields: "change a role's policy and make it assumable",
  },
  { id: 'P20', variants: one('iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'), yields: 'inline admin on any role and make it assumable' },
  { id: 'P21', variants: one('iam:DeleteUserPermissionsBoundary'), yields: 'remove a permissions boundary' },
  { id: 'P22', variants: one('iam:DeleteRolePermissionsBoundary', 'sts:AssumeRole'), yields: "remove a role's boundary and assume it" },
  {
    id: 'P23',
    variants: [
      ['iam:CreateRole', 'iam:AttachRolePolicy'],
      ['iam:CreateRole', 'iam:PutRolePolicy'],
    ],
    yields: 'new admin role that trusts the caller',
  },
  { id: 'P24', variants: one('iam:PutUserPolicy', 'iam:PutGroupPolicy', 'iam:PutRolePolicy'), yields: 'iam:Put* on everything' },
  // B. Pass a privileged role to new compute
  {
    id: 'P26',
    variants: passTo(
      ['ec2:RunInstances'],
      ['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile', 'ec2:RunInstances'],
      ['ec2:AssociateIamInstanceProfile'],
    ),
    yields: 'EC2 instance with a privileged instance profile',
  },
  { id: 'P27', variants: passTo(['ec2:RequestSpotInstances']), yields: 'Spot instance with a privileged instance profile' },
  {
    id: 'P28',
    variants: passTo(['lambda:CreateFunction', 'lambda:InvokeFunction']),
    yields: 'Lambda function running as a privileged role',
  },
  {
    id: 'P29',
    variants: passTo(
      ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
      ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping', 'dynamodb:CreateTable', 'dynamodb:PutItem'],
    ),
    yields: 'Lambda function triggered from a DynamoDB stream, running as a privileged role',
  },
  {
    id: 'P30',
    variants: passTo(['lambda:CreateFunction', 'lambda:AddPermission']),
    yields: 'Lambda function running as a privileged role',
  },
  { id: 'P31', variants: passTo(['glue:CreateDevEndpoint']), yields: 'Glue dev endpoint with a privileged role' },
  {
    id: 'P32',
    variants: passTo(
      ['glue:CreateJob', 'glue:StartJobRun'],
      ['glue:CreateJob', 'glue:CreateTrigger'],
      ['glue:UpdateJob', 'glue:StartJobRun'],
      ['glue:UpdateJob', 'glue:CreateTrigger'],
    ),
    yields: 'Glue job with a privileged role',
  },
  { id: 'P33', variants: passTo(['glue:CreateSession', 'glue:RunStatement']), yields: 'Glue interactive session with a privileged role' },
  { id: 'P34', variants: passTo(['cloudformation:CreateStack']), yields: 'CloudFormation stack with a privileged service role' },
  {
    id: 'P35',
    variants: passTo(['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'], ['cloudformation:UpdateStackSet']),
    yields: 'CloudFormation StackSet with a privileged role',
  },
  {
    id: 'P36',
    variants: passTo(['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition']),
    yields: 'Data Pipeline running commands as a privileged role',
  },
  {
    id: 'P37',
    variants: passTo(
      ['codebuild:CreateProject', 'codebuild:StartBuild'],
      ['codebuild:CreateProject', 'codebuild:StartBuildBatch'],
      ['codebuild:UpdateProject', 'codebuild:StartBuild'],
    ),
    yields: 'CodeBuild project with a privileged role',
  },
  {
    id: 'P38',
    variants: passTo(['sagemaker:CreateNotebookInstance'], ['sagemaker:CreateTrainingJob'], ['sagemaker:CreateProcessingJob']),
    yields: 'SageMaker notebook or job with a privileged role',
  },
  {
    id: 'P39',
    variants: passTo(
      ['ecs:RegisterTaskDefinition', 'ecs:RunTask'],
      ['ecs:RegisterTaskDefinition', 'ecs:StartTask'],
      ['ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    ),
    yields: 'ECS task with a privileged task role',
  },
  {
    id: 'P40',
    variants: passTo(
      ['autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'],
      ['autoscaling:CreateLaunchConfiguration', 'autoscaling:UpdateAutoScalingGroup'],
    ),
    yields: 'Auto Scaling instances with a privileged profile',
  },
  { id: 'P41', variants: passTo(['apprunner:CreateService']), yields: 'App Runner service with a privileged role' },
  { id: 'P42', variants: passTo(['codestar:CreateProject']), yields: 'CodeStar project with a privileged role' },
  { id: 'P43', variants: passTo(['batch:RegisterJobDefinition', 'batch:SubmitJob']), yields: 'Batch job with a privileged role' },
  {
    id: 'P44',
    variants: passTo(
      ['elasticmapreduce:RunJobFlow'],
      ['emr-serverless:CreateApplication', 'emr-serverless:StartJobRun'],
      ['states:CreateStateMachine', 'states:StartExecution'],
      ['scheduler:CreateSchedule'],
      ['ssm:CreateDocument', 'ssm:StartAutomationExecution'],
      ['cognito-identity:SetIdentityPoolRoles'],
      [
        'imagebuilder:CreateComponent',
        'imagebuilder:CreateImageRecipe',
        'imagebuilder:CreateInfrastructureConfiguration',
        'imagebuilder:CreateImage',
      ],
      ['kinesisanalytics:CreateApplication', 'kinesisanalytics:StartApplication'],
      ['gamelift:CreateBuild', 'gamelift:CreateFleet', 'gamelift:RequestUploadCredentials'],
      ['omics:CreateWorkflow', 'omics:StartRun'],
      ['braket:CreateJob'],
    ),
    yields: 'another service (EMR, Step Functions, EventBridge Scheduler, SSM Automation, ...) running as a privileged role',
  },
  {
    id: 'P45',
    variants: passTo(
      [
        'bedrock-agentcore:CreateCodeInterpreter',
        'bedrock-agentcore:StartCodeInterpreterSession',
        'bedrock-agentcore:InvokeCodeInterpreter',
      ],
      ['bedrock-agentcore:CreateAgentRuntime', 'bedrock-agentcore:InvokeAgentRuntime'],
    ),
    yields: 'Bedrock AgentCore runtime reading a privileged role from its metadata service',
  },
  // C. Hijack an existing resource that already runs with a privileged role
  {
    id: 'P46',
    variants: one('lambda:UpdateFunctionCode'),
    yields: 'replace the code of an existing function that runs as a privileged role',
  },
  {
    id: 'P47',
    variants: one('lambda:UpdateFunctionConfiguration'),
    yields: 'swap the handler, layer or environment of an existing privileged function',
  },
  { id: 'P48', variants: one('glue:UpdateDevEndpoint'), yields: 'add an SSH key to an existing privileged Glue dev endpoint' },
  {
    id: 'P49',
    variants: [['cloudformation:UpdateStack'], ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet']],
    yields: "reuse an existing stack's privileged service role",
  },
  {
    id: 'P50',
    variants: [['codebuild:StartBuild'], ['codebuild:StartBuildBatch']],
    yields: "reuse an existing CodeBuild project's role with a buildspec override",
  },
  {
    id: 'P51',
    variants: one('ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'),
    yields: 'user data runs as root on an existing privileged instance',
  },
  {
    id: 'P52',
    variants: one('ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'),
    yields: 'poison the default version of an existing launch template',
  },
  { id: 'P53', variants: one('ec2-instance-connect:SendSSHPublicKey'), yields: 'SSH to an existing instance with a privileged profile' },
  {
    id: 'P54',
    variants: [['ssm:SendCommand'], ['ssm:StartSession']],
    yields: 'run commands on an existing managed instance with a privileged profile',
  },
  { id: 'P55', variants: one('ecs:ExecuteCommand'), yields: 'shell into an existing task with a privileged role' },
  {
    id: 'P56',
    variants: [
      ['sagemaker:CreatePresignedNotebookInstanceUrl'],
      [
        'sagemaker:CreateNotebookInstanceLifecycleConfig',
        'sagemaker:StopNotebookInstance',
        'sagemaker:UpdateNotebookInstance',
        'sagemaker:StartNotebookInstance',
      ],
    ],
    yields: 'open or reconfigure an existing notebook with a privileged role',
  },
  {
    id: 'P57',
    variants: [
      ['states:UpdateStateMachine', 'states:StartExecution'],
      ['batch:SubmitJob'],
      ['codedeploy:CreateDeployment', 'codedeploy:RegisterApplicationRevision', 'codedeploy:GetDeploymentConfig'],
      ['apprunner:UpdateService'],
      ['bedrock-agentcore:InvokeAgentRuntimeCommand'],
      ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'],
    ],
    yields: 'reuse an existing privileged workload (state machine, job, deployment, service, agent)',
  },
  // D. IAM Identity Center
  {
    id: 'P58',
    variants: [
      ['sso:CreatePermissionSet', 'sso:CreateAccountAssignment', 'sso:AttachManagedPolicyToPermissionSet'],
      ['sso:AttachManagedPolicyToPermissionSet'],
      ['sso:PutInlinePolicyToPermissionSet'],
    ],
    yields: 'admin permission set assigned to the caller in IAM Identity Center',
  },
];

export interface EscalationMatch {
  id: string;
  actions: string[];
  yields: string;
  conditional: boolean;
}

const PROBE = 'incloud-any-target-7f3a';
const ROLE_ACTIONS =
  /^(iam:(PassRole|CreateRole|AttachRolePolicy|PutRolePolicy|UpdateAssumeRolePolicy|DeleteRolePermissionsBoundary)|sts:AssumeRole)$/i;
const USER_ACTIONS =
  /^iam:(CreateAccessKey|DeleteAccessKey|CreateLoginProfile|UpdateLoginProfile|AttachUserPolicy|PutUserPolicy|DeleteUserPermissionsBoundary)$/i;
const PROFILE_ACTIONS = /^iam:(CreateInstanceProfile|AddRoleToInstanceProfile)$/i;
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
  if (PROFILE_ACTIONS.test(action)) return `${iam}:instance-profile/${PROBE}`;
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

/** The statements that allow each action of a path on any target (the catalogue's question), for evidence. */
export function escalationStatements(set: PolicySet, actions: string[], account: string, partition = 'aws'): Statement[] {
  return actions.flatMap((action) => allowingStatement(set, action, probeResource(action, account, partition)) ?? []);
}

export function escalationPaths(set: PolicySet, account = '000000000000', partition = 'aws'): EscalationMatch[] {
  const out: EscalationMatch[] = [];
  const decide = new Map<string, Decision>();
  const decision = (a: string) => {
    let d = decide.get(a);
    if (!d) {
      d = evaluate(set, a, probeResource(a, account, partition));
      decide.set(a, d);
    }
    return d;
  };
  for (const p of ESCALATION_PATHS) {
    // The first variant that is allowed without conditions wins; else the first conditional one.
    let best: { actions: string[]; conditional: boolean } | undefined;
    for (const actions of p.variants) {
      const ds = actions.map(decision);
      if (!ds.every((d) => d === 'allow' || d === 'conditional')) continue;
      const conditional = ds.some((d) => d === 'conditional');
      if (!best || (best.conditional && !conditional)) best = { actions, conditional };
      if (!conditional) break;
    }
    if (best) out.push({ id: p.id, actions: best.actions, yields: p.yields, conditional: best.conditional });
  }
  return out;
}
