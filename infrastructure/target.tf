# Trigger: an instance to spike (`aiops trigger --instance-id …`), opted in to monitoring and
# remediation, shipping its logs with the CloudWatch agent and reachable by SSM (no SSH port).
data "aws_ssm_parameter" "al2023_arm64" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
}

data "aws_vpc" "default" {
  default = true
}

data "aws_subnets" "default" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }
}

resource "aws_security_group" "target" {
  count       = var.create_target_instance ? 1 : 0
  name        = "${var.project_name}-target"
  description = "aiops target: no inbound; HTTPS out for SSM, CloudWatch and packages"
  vpc_id      = data.aws_vpc.default.id

  egress {
    description = "HTTPS to AWS endpoints and package mirrors"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "target" {
  count              = var.create_target_instance ? 1 : 0
  name               = "${var.project_name}-target"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy_attachment" "target" {
  for_each = var.create_target_instance ? toset([
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/CloudWatchAgentServerPolicy",
  ]) : toset([])
  role       = aws_iam_role.target[0].name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "target" {
  count = var.create_target_instance ? 1 : 0
  name  = "${var.project_name}-target"
  role  = aws_iam_role.target[0].name
}

resource "aws_cloudwatch_log_group" "target" {
  for_each          = toset(var.log_group_names)
  name              = each.value
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.aiops.arn
}

resource "aws_instance" "target" {
  count                  = var.create_target_instance ? 1 : 0
  ami                    = data.aws_ssm_parameter.al2023_arm64.value
  instance_type          = var.target_instance_type
  subnet_id              = data.aws_subnets.default.ids[0]
  vpc_security_group_ids = [aws_security_group.target[0].id]
  iam_instance_profile   = aws_iam_instance_profile.target[0].name
  monitoring             = true
  ebs_optimized          = true

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  root_block_device {
    encrypted   = true
    volume_size = 8
  }

  user_data = templatefile("${path.module}/target-user-data.sh.tftpl", {
    system_log_group      = var.log_group_names[0]
    application_log_group = length(var.log_group_names) > 1 ? var.log_group_names[1] : var.log_group_names[0]
  })

  tags = {
    Name              = "${var.project_name}-target"
    "aiops:monitor"   = "true"
    "aiops:remediate" = "true"
  }
}
