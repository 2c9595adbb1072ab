import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The login form of the queue dashboard (application/x-www-form-urlencoded). Empty fields get the page again. */
export class QueueDashboardLoginBody {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  username?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  password?: string;

  /** Where to go after the login: a page of the dashboard. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  next?: string;
}
