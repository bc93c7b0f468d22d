package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.device.DeviceManager;
import org.rnn4j.core.device.DeviceProvider;

class CudaDeviceProviderTest {

    @Test
    void theDeviceManagerFindsTheCudaProviderAndItSaysWhyItHasNoDevice() {
        List<DeviceProvider> found = DeviceManager.providers();
        DeviceProvider cuda = found.stream().filter(p -> p.kind().equals("cuda")).findFirst().orElse(null);
        assertNotNull(cuda, "the bindings module offers the cuda kind through ServiceLoader: " + found);
        String why = cuda.unavailableReason();
        assertNotNull(why, "no CUDA backend is built yet, so no device may be claimed");
        assertFalse(why.contains("\n"), why);
        assertEquals(0, cuda.count());
        assertTrue(DeviceManager.describe().contains("cuda: not available: " + why), DeviceManager.describe()::toString);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceManager.parse("cuda:7"));
        assertEquals("device 'cuda:7' is not available: " + why + " (present: cpu ("
                + Runtime.getRuntime().availableProcessors() + " cores))", e.getMessage());
    }
}
