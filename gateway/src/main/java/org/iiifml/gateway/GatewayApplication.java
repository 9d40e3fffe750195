package org.iiifml.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("keys")) {
            // A command, not the gateway: creates, lists or revokes API keys.
            System.exit(org.iiifml.gateway.keys.KeysCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
